namespace McpPlatform.Bench.Catalog;

/// <summary>Percentiles of a series of request times.</summary>
public sealed record Latency(TimeSpan P50, TimeSpan P95, int Count)
{
    public static Latency Of(IReadOnlyCollection<TimeSpan> samples)
    {
        var sorted = samples.Order().ToArray();
        return new Latency(Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted.Length);
    }

    /// <summary>Nearest rank: the smallest sample with at least <paramref name="fraction"/> of the series at or below it.</summary>
    private static TimeSpan Percentile(TimeSpan[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    public override string ToString() => $"{Milliseconds(P50)} / {Milliseconds(P95)} ms";

    public static string Milliseconds(TimeSpan time) =>
        time.TotalMilliseconds < 10 ? $"{time.TotalMilliseconds:F2}" : $"{time.TotalMilliseconds:F1}";
}
