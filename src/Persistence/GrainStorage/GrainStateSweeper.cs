using McpPlatform.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace McpPlatform.Persistence.GrainStorage;

/// <summary>
/// Deletes grain states nobody has written for a while, for states that expire (idempotency keys): their grains
/// clear an expired record when next touched, but most keys are never touched again.
/// </summary>
public sealed class GrainStateSweeper(
    IDbContextFactory<PlatformDbContext> contextFactory,
    PlatformDatabaseMigrator migrator,
    IOptions<ClusterOptions> clusterOptions)
{
    /// <returns>How many rows were deleted.</returns>
    public async Task<int> DeleteNotWrittenSinceAsync(string stateName, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        await migrator.EnsureMigratedAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var serviceId = clusterOptions.Value.ServiceId;
        return await context.GrainStates
            .Where(r => r.ServiceId == serviceId && r.StateName == stateName && r.UpdatedAt < cutoffUtc)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
