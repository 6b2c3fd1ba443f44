using McpPlatform.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace McpPlatform.Persistence.AuditLog;

/// <summary>What to read from one tenant's audit log: newest first, optionally one tool or one principal, since a time, before a cursor.</summary>
public sealed record AuditLogFilter(string TenantId, string? Tool, DateTime? Since, AuditCursor? Before, int Limit, string? Subject = null);

/// <summary>One page of records and, when more are older, the cursor to read them with.</summary>
public sealed record AuditLogPage(IReadOnlyList<ToolCallAuditRecord> Records, AuditCursor? Next);

/// <summary>Reads the audit log straight from the database (the admin API's path; tool calls never read it).</summary>
public sealed class AuditLogQuery(IDbContextFactory<PlatformDbContext> contexts)
{
    public Task<AuditLogPage> FindAsync(AuditLogFilter filter, CancellationToken cancellationToken = default) =>
        TransientDatabaseErrors.OnceMoreOnFreshConnectionAsync(() => FindOnceAsync(filter, cancellationToken), () =>
        {
            using var db = contexts.CreateDbContext();
            TransientDatabaseErrors.ClearPool(db.Database.GetDbConnection());
        });

    private async Task<AuditLogPage> FindOnceAsync(AuditLogFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var records = db.ToolCallAudit.AsNoTracking().Where(r => r.TenantId == filter.TenantId);
        if (filter.Tool is { } tool)
        {
            records = records.Where(r => r.Tool == tool);
        }

        if (filter.Subject is { } subject)
        {
            records = records.Where(r => r.Subject == subject);
        }

        if (filter.Since is { } since)
        {
            records = records.Where(r => r.StartedAt >= since);
        }

        if (filter.Before is { } before)
        {
            records = records.Where(r => r.StartedAt < before.StartedAt || (r.StartedAt == before.StartedAt && r.Id < before.Id));
        }

        // One more than asked tells whether another page exists.
        var page = await records.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
            .Take(filter.Limit + 1).ToListAsync(cancellationToken);
        if (page.Count <= filter.Limit)
        {
            return new AuditLogPage(page, null);
        }

        page.RemoveAt(page.Count - 1);
        var last = page[^1];
        return new AuditLogPage(page, new AuditCursor(last.StartedAt, last.Id));
    }
}
