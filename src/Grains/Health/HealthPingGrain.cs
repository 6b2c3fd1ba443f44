using McpPlatform.Contracts.Health;
using Orleans.Concurrency;

namespace McpPlatform.Grains.Health;

[StatelessWorker]
public sealed class HealthPingGrain : Grain, IHealthPingGrain
{
    public Task PingAsync() => Task.CompletedTask;
}
