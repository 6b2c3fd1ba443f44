using McpPlatform.Bench.Common;

namespace McpPlatform.Bench.Catalog;

public sealed record ModeResult(string Mode, TenantMemoryResult Memory, RegistrationResult Registration, CatalogLatencyResult Largest, CatalogLatencyResult Synthetic);

/// <summary>Every measurement against one freshly started platform (embedded or cluster).</summary>
public static class ModeRun
{
    public static async Task<ModeResult> RunAsync(bool cluster, CatalogOptions options, BenchDocument largest, BenchDocument small, BenchDocument synthetic)
    {
        var mode = cluster ? "cluster" : "embedded";
        Console.WriteLine($"[{mode}] starting the platform");
        await using var platform = await BenchPlatform.StartAsync(cluster, options.Environment);
        Console.WriteLine($"[{mode}] processes: " + string.Join(", ", platform.Processes.Select(p => $"{p.Name} {p.Id}")));
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(platform.BaseUrl),
            Timeout = TimeSpan.FromMinutes(5),
        };
        var admin = new PlatformAdmin(http, BenchPlatform.OperatorKey);
        try
        {
            return await MeasureAsync(mode, platform, http, admin, options, largest, small, synthetic);
        }
        catch
        {
            // The platform's own account of what went wrong is in its output, which is otherwise not shown.
            foreach (var process in platform.Processes)
            {
                Console.Error.WriteLine($"--- last output of {process.Name} ---\n{process.Output}");
            }

            throw;
        }
    }

    private static async Task<ModeResult> MeasureAsync(
        string mode, BenchPlatform platform, HttpClient http, PlatformAdmin admin, CatalogOptions options,
        BenchDocument largest, BenchDocument small, BenchDocument synthetic)
    {
        // Memory first, so its baseline holds no sessions or large catalogs from the other measurements.
        var memory = await TenantMemory.MeasureAsync(platform, admin, small, options.Tenants);
        Console.WriteLine($"[{mode}] {options.Tenants} tenants registered in {memory.Registering.TotalSeconds:F1} s: " +
            $"RSS +{memory.ResidentMbPerThousand:F1} MB, live heap +{memory.LiveHeapMbPerThousand:F1} MB per 1,000 tenants");

        var registration = await RegistrationTiming.MeasureAsync(admin, largest, options.Registrations);
        Console.WriteLine($"[{mode}] registration of {largest.Name}: median {Latency.Milliseconds(registration.Median)} ms " +
            $"(first, cold: {Latency.Milliseconds(registration.Cold)} ms)");

        var latency = new CatalogLatency(admin, http, () => PlatformCpu(platform), options);
        var largestLatency = await latency.MeasureAsync("cat-largest", largest.Name, largest);
        Print(mode, largestLatency);
        var syntheticLatency = await latency.MeasureAsync("cat-synthetic", synthetic.Name, synthetic);
        Print(mode, syntheticLatency);
        return new ModeResult(mode, memory, registration, largestLatency, syntheticLatency);
    }

    /// <summary>CPU time of every platform process so far (PostgreSQL's, in a cluster, is not counted).</summary>
    private static TimeSpan PlatformCpu(BenchPlatform platform) =>
        platform.Processes.Aggregate(TimeSpan.Zero, (total, process) => total + ProcessUsage.CpuTime(process.Id));

    private static void Print(string mode, CatalogLatencyResult result) =>
        Console.WriteLine($"[{mode}] {result.Label} ({result.Tools} tools), p50 / p95 (platform CPU per request): " +
            $"tools/list first page {result.FirstPage}, full listing ({result.Pages} pages) {result.FullListing}, initialize {result.Initialize}");
}
