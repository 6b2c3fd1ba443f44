namespace McpPlatform.Contracts.Health;

/// <summary>
/// Answers at once, on the silo whose gateway took the call (a stateless worker: no directory lookup, no state): how a
/// frontend's readiness check learns that the cluster serves grain calls.
/// </summary>
public interface IHealthPingGrain : IGrainWithIntegerKey
{
    Task PingAsync();
}
