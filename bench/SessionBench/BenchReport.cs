using McpPlatform.Bench.Common;

namespace McpPlatform.Bench.Sessions;

/// <summary>The numbers of one run, printed as a table whose rows are the measurement points.</summary>
public sealed class BenchReport(int processCount)
{
    private const double MB = 1024 * 1024;
    private readonly List<(string Name, MemorySample Total, MemorySample Growth, int Sessions)> rows = [];

    public double Rate { get; set; }
    public TimeSpan? WarmPing { get; set; }
    public TimeSpan? ColdPing { get; set; }

    /// <param name="sessions">What the growth over <paramref name="reference"/> is divided by.</param>
    public void Add(string name, MemorySample total, MemorySample reference, int sessions)
    {
        rows.Add((name, total, total - reference, sessions));
        Console.WriteLine($"{name}: RSS {total.ResidentBytes / MB:F1} MB, live heap {total.LiveHeapBytes / MB:F1} MB");
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"memory summed over {processCount} process(es); growth is over the row's reference point, per session = growth / sessions");
        output.WriteLine($"{"point",-34} {"RSS MB",8} {"heap MB",8} | {"ΔRSS MB",8} {"Δheap MB",8} {"ΔRSS-after-GC",13} | {"RSS/session",11} {"heap/session",12}");
        foreach (var (name, total, growth, sessions) in rows)
        {
            output.WriteLine(
                $"{name,-34} {total.ResidentBytes / MB,8:F1} {total.LiveHeapBytes / MB,8:F1} | " +
                $"{growth.ResidentBytes / MB,8:F1} {growth.LiveHeapBytes / MB,8:F1} {growth.ResidentAfterGcBytes / MB,13:F1} | " +
                $"{Kb(growth.ResidentBytes, sessions),11} {Kb(growth.LiveHeapBytes, sessions),12}");
        }

        foreach (var (name, _, growth, sessions) in rows.Where(r => r.Name.StartsWith("idle", StringComparison.Ordinal)))
        {
            output.WriteLine($"{name}: 10,000 idle sessions ≈ {growth.ResidentBytes / MB * 10_000 / sessions:F0} MB RSS, {growth.LiveHeapBytes / MB * 10_000 / sessions:F0} MB live heap");
        }

        output.WriteLine($"session creation rate: {Rate:F0} sessions/s");
        if (WarmPing is { } warm)
        {
            output.WriteLine($"ping, session held by the frontend: {warm.TotalMilliseconds:F1} ms mean");
        }

        if (ColdPing is { } cold)
        {
            output.WriteLine($"ping, session adopted again from the cluster: {cold.TotalMilliseconds:F1} ms mean");
        }
    }

    private static string Kb(long bytes, int sessions) => sessions <= 1 ? "" : $"{bytes / 1024.0 / sessions:F1} KB";
}
