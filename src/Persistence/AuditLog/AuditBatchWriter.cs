using McpPlatform.Persistence.Model;

namespace McpPlatform.Persistence.AuditLog;

/// <summary>
/// Writes one batch of audit records without EF Core's change tracker, whose per-entity bookkeeping made the audit log
/// a visible share of the platform's CPU per tool call. Never sets the id: the database assigns it, so a retried batch
/// gets fresh ids. One per provider, chosen by the context.
/// </summary>
internal abstract class AuditBatchWriter
{
    public static AuditBatchWriter For(PlatformDbContext db) =>
        db.IsPostgres ? new PostgresAuditBatchWriter(AuditTable.Of(db)) : new SqliteAuditBatchWriter(AuditTable.Of(db));

    /// <summary>All records or none, over the context's connection.</summary>
    public abstract Task WriteAsync(PlatformDbContext db, IReadOnlyList<ToolCallAuditRecord> records, CancellationToken cancellationToken);
}
