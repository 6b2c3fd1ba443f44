using McpPlatform.Contracts.Health;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Health;

/// <summary>
/// A frontend's view of the cluster: a grain call reaches a silo and comes back. The client's own connection state
/// would say only that some gateway socket is open, not that a silo behind it serves calls.
/// </summary>
public sealed class ClusterHealthCheck(IClusterClient cluster, IOptions<HealthProbeOptions> options, TimeProvider time)
    : CachedHealthCheck(options, time)
{
    protected override async Task<string> ProbeAsync(CancellationToken timeout)
    {
        await cluster.GetGrain<IHealthPingGrain>(0).PingAsync();
        return "a silo answered";
    }
}
