using McpPlatform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Health;

/// <summary>
/// The system of record answers a trivial query, through the platform's own pooled contexts (PostgreSQL or SQLite),
/// so the probe shares the pool the grains and the audit log use rather than opening connections of its own.
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<PlatformDbContext> contexts, IOptions<HealthProbeOptions> options, TimeProvider time)
    : CachedHealthCheck(options, time)
{
    protected override async Task<string> ProbeAsync(CancellationToken timeout)
    {
        await using var db = await contexts.CreateDbContextAsync(timeout);
        await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout);
        return "reachable";
    }
}
