using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace McpPlatform.ServiceDefaults.Health;

/// <summary>
/// Healthy once every hosted service has started: the database migrated, the silo joined the cluster or the client
/// connected to it. A pod that takes long to get there is given the startup probe's patience, not liveness's.
/// </summary>
internal sealed class HostStartedHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested
            ? HealthCheckResult.Healthy("started")
            : HealthCheckResult.Unhealthy("starting"));
}
