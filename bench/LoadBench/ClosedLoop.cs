using System.Diagnostics;

namespace McpPlatform.Bench.Load;

/// <summary>One call of a worker: true when it succeeded. The number counts the worker's calls from 0.</summary>
public delegate Task<bool> LoadCall(long number, CancellationToken cancel);

/// <summary>Latencies and counts of one measured window.</summary>
public sealed record LoadResult(long Calls, long Errors, TimeSpan Window, double[] SortedLatencyMs)
{
    public double CallsPerSecond => Calls / Window.TotalSeconds;

    public double Percentile(double p) =>
        SortedLatencyMs.Length == 0 ? double.NaN : SortedLatencyMs[Math.Min(SortedLatencyMs.Length - 1, (int)Math.Ceiling(p / 100 * SortedLatencyMs.Length) - 1)];
}

/// <summary>
/// A closed loop: each worker sends its next call as soon as the last one answered. After a warm-up (JIT, pools,
/// activations) the loop runs on uninterrupted into the measured window; the hooks mark its edges, so CPU readings
/// cover exactly the calls that were counted.
/// </summary>
public static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(
        IReadOnlyList<LoadCall> workers, TimeSpan warmUp, TimeSpan window, Action onWindowStart, Action onWindowEnd)
    {
        var measuring = 0; // 0 warm-up, 1 measuring, 2 done
        using var stop = new CancellationTokenSource();
        var latencies = workers.Select(_ => new List<long>(capacity: 1 << 14)).ToArray();
        var errors = new long[workers.Count];
        var tasks = workers.Select((call, index) => Task.Run(async () =>
        {
            for (long n = 0; Volatile.Read(ref measuring) < 2; n++)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await call(n, stop.Token);
                var elapsed = Stopwatch.GetTimestamp() - started;
                if (Volatile.Read(ref measuring) == 1)
                {
                    latencies[index].Add(elapsed);
                    if (!ok)
                    {
                        errors[index]++;
                    }
                }
            }
        })).ToArray();

        await Task.Delay(warmUp);
        onWindowStart();
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(window);
        Volatile.Write(ref measuring, 2);
        var measured = clock.Elapsed;
        onWindowEnd();
        await Task.WhenAll(tasks);

        var all = latencies.SelectMany(l => l).Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        Array.Sort(all);
        return new LoadResult(all.Length, errors.Sum(), measured, all);
    }
}
