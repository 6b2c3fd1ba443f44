namespace McpPlatform.Bench.Catalog;

/// <param name="Median">Median of the timed registrations.</param>
/// <param name="Cold">The untimed first registration of the run (JIT, first activations), for reference.</param>
public sealed record RegistrationResult(BenchDocument Document, int Tools, TimeSpan Median, TimeSpan Min, TimeSpan Max, TimeSpan Cold, int Count);

/// <summary>How long <c>PUT …/apis/{api}</c> takes for a document, each time into a fresh tenant.</summary>
public static class RegistrationTiming
{
    public static async Task<RegistrationResult> MeasureAsync(PlatformAdmin admin, BenchDocument document, int registrations)
    {
        var cold = await RegisterInFreshTenantAsync(admin, document, "reg-warm");
        var times = new List<TimeSpan>(registrations);
        var tools = 0;
        for (var i = 0; i < registrations; i++)
        {
            (var elapsed, tools) = await RegisterInFreshTenantAsync(admin, document, $"reg-{i}");
            times.Add(elapsed);
        }

        times.Sort();
        return new RegistrationResult(document, tools, Median(times), times[0], times[^1], cold.Elapsed, registrations);
    }

    private static async Task<(TimeSpan Elapsed, int Tools)> RegisterInFreshTenantAsync(PlatformAdmin admin, BenchDocument document, string tenant)
    {
        await admin.CreateTenantAsync(tenant);
        return await admin.RegisterAsync(tenant, "largest", document);
    }

    private static TimeSpan Median(List<TimeSpan> sorted) => sorted.Count % 2 == 1
        ? sorted[sorted.Count / 2]
        : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
