using System.Globalization;
using System.Text;

namespace McpPlatform.Bench.Catalog;

/// <summary>The run as one markdown table (a column per mode), with the issue's targets checked.</summary>
public sealed class CatalogReport(IReadOnlyList<ModeResult> modes, CatalogOptions options)
{
    public static readonly TimeSpan ListingTarget = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan InitializeTarget = TimeSpan.FromMilliseconds(2);
    public const double TenantsTargetMb = 200;

    /// <summary>Targets missed, as sentences; empty when all were met or none were checked.</summary>
    public List<string> Misses { get; } = [];

    public string ToMarkdown()
    {
        Misses.Clear();
        var first = modes[0];
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"| Measurement | {string.Join(" | ", modes.Select(m => m.Mode))} | Target |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| --- |{string.Concat(modes.Select(_ => " ---: |"))} --- |");

        var registration = first.Registration;
        Row(table, $"Registration of `{registration.Document.Name}` ({Kb(registration.Document.Bytes)}, {registration.Tools} tools), median of {registration.Count} (min–max)",
            m => $"{Latency.Milliseconds(m.Registration.Median)} ms ({Latency.Milliseconds(m.Registration.Min)}–{Latency.Milliseconds(m.Registration.Max)})", "–");
        foreach (var (pick, isLarge) in new (Func<ModeResult, CatalogLatencyResult>, bool)[] { (m => m.Largest, false), (m => m.Synthetic, true) })
        {
            var catalog = pick(first);
            var tenant = $"{catalog.Tools:N0} tools ({catalog.Label})";
            Row(table, $"`tools/list`, {tenant}: first page ({catalog.FirstPageTools} tools, {Kb(catalog.FirstPageBytes)}), p50 / p95 (platform CPU per request)",
                m => pick(m).FirstPage.ToString(), "–");
            Row(table, $"`tools/list`, {tenant}: full listing ({catalog.Pages} page(s), {Kb(catalog.ListingBytes)}), p50 / p95 (platform CPU per request)",
                m => Checked(pick(m).FullListing.ToString(), isLarge, pick(m).FullListing.Latency.P50 < ListingTarget, $"{m.Mode}: tools/list of {catalog.Tools:N0} tools p50 {pick(m).FullListing.Latency.P50.TotalMilliseconds:F1} ms"),
                isLarge ? "< 20 ms p50 (2,000 tools)" : "–");
            Row(table, $"`initialize`, tenant with {catalog.Tools:N0} tools, p50 / p95 (platform CPU per request)",
                m => Checked(pick(m).Initialize.ToString(), true, pick(m).Initialize.Latency.P50 < InitializeTarget, $"{m.Mode}: initialize ({catalog.Tools:N0} tools) p50 {pick(m).Initialize.Latency.P50.TotalMilliseconds:F2} ms"),
                "< 2 ms p50");
        }

        var memory = first.Memory;
        Row(table, $"RSS growth per 1,000 tenants (each one tenant + one API, `{memory.Document.Name}`, {memory.Tools} tools), summed over the platform's processes",
            m => Checked($"{m.Memory.ResidentMbPerThousand:F1} MB", true, m.Memory.ResidentMbPerThousand < TenantsTargetMb, $"{m.Mode}: RSS +{m.Memory.ResidentMbPerThousand:F1} MB per 1,000 tenants"),
            "< 200 MB");
        Row(table, "Live-heap growth per 1,000 tenants (after a full GC)", m => $"{m.Memory.LiveHeapMbPerThousand:F1} MB", "–");
        Row(table, "RSS growth per 1,000 tenants right after that GC", m => $"{m.Memory.ResidentAfterGcMbPerThousand:F1} MB", "–");
        Row(table, "Memory baseline before the tenants: RSS / live heap", m => $"{Mb(m.Memory.Baseline.ResidentBytes)} / {Mb(m.Memory.Baseline.LiveHeapBytes)}", "–");
        Row(table, $"Time to register {memory.Tenants:N0} tenants (4 at a time)", m => $"{m.Memory.Registering.TotalSeconds:F1} s", "–");
        return table.ToString();
    }

    private void Row(StringBuilder table, string name, Func<ModeResult, string> value, string target) =>
        table.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", modes.Select(value))} | {target} |");

    private string Checked(string value, bool hasTarget, bool met, string miss)
    {
        if (!hasTarget || !options.CheckTargets)
        {
            return value;
        }

        if (!met)
        {
            Misses.Add(miss);
        }

        return value + (met ? " ✓" : " ✗");
    }

    private static string Kb(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024.0 / 1024:F1} MB" : $"{bytes / 1024.0:F0} KB";

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024:F1} MB";
}
