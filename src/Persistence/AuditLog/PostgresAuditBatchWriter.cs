using McpPlatform.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace McpPlatform.Persistence.AuditLog;

/// <summary>One binary COPY per batch: a single statement, so it is written whole or not at all.</summary>
internal sealed class PostgresAuditBatchWriter(AuditTable table) : AuditBatchWriter
{
    private readonly string copy = $"COPY {table.Name} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)";

    public override async Task WriteAsync(PlatformDbContext db, IReadOnlyList<ToolCallAuditRecord> records, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var import = await connection.BeginBinaryImportAsync(copy, cancellationToken);
            if (db.Database.GetCommandTimeout() is { } seconds)
            {
                import.Timeout = TimeSpan.FromSeconds(seconds);
            }

            foreach (var record in records)
            {
                await import.StartRowAsync(cancellationToken);
                foreach (var column in table.Columns)
                {
                    await column.Value.CopyAsync(import, record, column.StoreType, cancellationToken);
                }
            }

            // Disposing without completing cancels the COPY: nothing of a failed batch is kept.
            await import.CompleteAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
