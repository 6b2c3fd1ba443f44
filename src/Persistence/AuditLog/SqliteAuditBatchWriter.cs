using System.Data.Common;
using System.Globalization;
using McpPlatform.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace McpPlatform.Persistence.AuditLog;

/// <summary>One transaction per batch, one prepared INSERT executed per record (SQLite has no round trips to save).</summary>
internal sealed class SqliteAuditBatchWriter(AuditTable table) : AuditBatchWriter
{
    private readonly string insert =
        $"INSERT INTO {table.Name} ({table.ColumnList}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => ParameterName(i)))})";

    public override async Task WriteAsync(PlatformDbContext db, IReadOnlyList<ToolCallAuditRecord> records, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = insert;
            if (db.Database.GetCommandTimeout() is { } seconds)
            {
                command.CommandTimeout = seconds;
            }

            var parameters = new DbParameter[table.Columns.Count];
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] = command.CreateParameter();
                parameters[i].ParameterName = ParameterName(i);
                command.Parameters.Add(parameters[i]);
            }

            await command.PrepareAsync(cancellationToken);
            foreach (var record in records)
            {
                for (var i = 0; i < parameters.Length; i++)
                {
                    parameters[i].Value = table.Columns[i].Value.ParameterValue(record);
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string ParameterName(int index) => "@p" + index.ToString(CultureInfo.InvariantCulture);
}
