using McpPlatform.Bench.Common;

namespace McpPlatform.Bench.Soak;

/// <summary>One process's memory over the run, and whether it stayed flat over the second half.</summary>
public sealed class MemoryTrend(string process, int pid)
{
    private const double MB = 1024 * 1024;

    /// <summary>Growth over the second half allowed as noise: the larger of an absolute and a relative amount.</summary>
    private const double HeapAllowanceMb = 2;
    private const double RssAllowanceMb = 8;
    private const double RelativeAllowance = 0.05;

    public string Process => process;

    public int Pid => pid;

    public List<(TimeSpan At, MemorySample Sample)> Samples { get; } = [];

    public async Task SampleAsync(TimeSpan at) => Samples.Add((at, await MemoryProbe.SampleAsync(pid)));

    /// <summary>The fitted growth over the second half (slope × its length), in MB, and whether it is within the allowance.</summary>
    public SecondHalf Rss(TimeSpan runLength) => Fit(runLength, s => s.ResidentBytes, RssAllowanceMb);

    public SecondHalf LiveHeap(TimeSpan runLength) => Fit(runLength, s => s.LiveHeapBytes, HeapAllowanceMb);

    private SecondHalf Fit(TimeSpan runLength, Func<MemorySample, long> metric, double allowanceMb)
    {
        var half = runLength / 2;
        var points = Samples.Where(s => s.At >= half).Select(s => (X: s.At.TotalSeconds, Y: metric(s.Sample) / MB)).ToList();
        if (points.Count < 3)
        {
            return new SecondHalf(points.Count, double.NaN, double.NaN, double.NaN, Flat: true);
        }

        // Least squares: the trend, not the last sample, which a GC at the wrong moment can move.
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var slope = points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / points.Sum(p => (p.X - meanX) * (p.X - meanX));
        var span = points[^1].X - points[0].X;
        var growth = slope * span;
        return new SecondHalf(points.Count, meanY, slope * 600, growth, growth <= Math.Max(allowanceMb, RelativeAllowance * meanY));
    }
}

/// <param name="MeanMb">Average over the second half.</param>
/// <param name="SlopeMbPer10Min">The fitted slope.</param>
/// <param name="GrowthMb">The fitted growth from the first to the last sample of the second half.</param>
public sealed record SecondHalf(int Samples, double MeanMb, double SlopeMbPer10Min, double GrowthMb, bool Flat);
