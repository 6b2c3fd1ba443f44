using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace McpPlatform.Grains.Health;

/// <summary>
/// This silo is an Active member of the cluster: joined, not yet shutting down, not declared dead by the others
/// (read from the silo's own membership view; no I/O).
/// </summary>
public sealed class SiloMembershipHealthCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var status = membership.CurrentStatus;
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("Active member of the cluster")
            : HealthCheckResult.Unhealthy($"silo status {status}"));
    }
}
