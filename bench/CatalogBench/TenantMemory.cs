using System.Diagnostics;
using McpPlatform.Bench.Common;

namespace McpPlatform.Bench.Catalog;

/// <param name="Growth">Summed over every platform process, from the baseline to right after the last registration.</param>
public sealed record TenantMemoryResult(BenchDocument Document, int Tools, int Tenants, MemorySample Baseline, MemorySample Growth, TimeSpan Registering)
{
    private const double MB = 1024 * 1024;

    public double ResidentMbPerThousand => Growth.ResidentBytes / MB * 1000 / Tenants;

    public double LiveHeapMbPerThousand => Growth.LiveHeapBytes / MB * 1000 / Tenants;

    public double ResidentAfterGcMbPerThousand => Growth.ResidentAfterGcBytes / MB * 1000 / Tenants;
}

/// <summary>Memory per registered tenant: a baseline, then many tenants with one small API each, then a second sample.</summary>
public static class TenantMemory
{
    private const int WarmUpTenants = 20;
    private const int Parallel = 4;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<TenantMemoryResult> MeasureAsync(BenchPlatform platform, PlatformAdmin admin, BenchDocument document, int tenants)
    {
        // Warm up every path a registration takes (JIT, pools, first grain types), so the baseline holds that code.
        var tools = await RegisterTenantsAsync(admin, document, "mem-warm", WarmUpTenants);
        await Task.Delay(Settle);
        var baseline = await platform.SampleAsync();

        var clock = Stopwatch.StartNew();
        await RegisterTenantsAsync(admin, document, "mem", tenants);
        var registering = clock.Elapsed;
        await Task.Delay(Settle);
        var after = await platform.SampleAsync();
        return new TenantMemoryResult(document, tools, tenants, baseline, after - baseline, registering);
    }

    /// <returns>The tools each tenant got.</returns>
    private static async Task<int> RegisterTenantsAsync(PlatformAdmin admin, BenchDocument document, string prefix, int count)
    {
        var next = -1;
        var tools = 0;
        await Task.WhenAll(Enumerable.Range(0, Parallel).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var tenant = $"{prefix}-{i}";
                await admin.CreateTenantAsync(tenant);
                tools = (await admin.RegisterAsync(tenant, "small", document)).Tools;
            }
        }));
        return tools;
    }
}
