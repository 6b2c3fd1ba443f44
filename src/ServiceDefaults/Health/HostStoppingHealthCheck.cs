using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace McpPlatform.ServiceDefaults.Health;

/// <summary>
/// Unhealthy from the moment the host is told to stop (SIGTERM): readiness fails at once, so the load balancer stops
/// sending new work while the process drains what it has. Liveness does not include it: a draining pod is alive.
/// </summary>
internal sealed class HostStoppingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("stopping: draining before exit")
            : HealthCheckResult.Healthy("running"));
}
