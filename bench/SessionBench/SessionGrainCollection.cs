namespace McpPlatform.Bench.Sessions;

/// <summary>How often the silo collects idle grains for a given session grain age (the rule of AddPlatformSilo).</summary>
public static class SessionGrainCollection
{
    public static TimeSpan QuantumFor(TimeSpan sessionGrainAge) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, sessionGrainAge.Ticks / 2));
}
