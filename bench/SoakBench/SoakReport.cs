using System.Globalization;
using System.Text;

namespace McpPlatform.Bench.Soak;

/// <summary>The soak as markdown: what the load did, each process's memory trend with a verdict, then every sample.</summary>
public static class SoakReport
{
    private const double MB = 1024 * 1024;

    public static string Render(SoakOptions options, TimeSpan ran, SoakCounters counters, IReadOnlyList<MemoryTrend> trends)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# SoakBench {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}; {ran.TotalMinutes:F1} min of load on a silo and a frontend (PostgreSQL), {options.Tenants} tenants, " +
            $"{options.Sessions - 1} agents opening and closing sessions (25 requests each, with a GET stream) and one sessionless agent; a tenant's tools changed every {options.ChangeEvery.TotalSeconds:F0} s; " +
            $"memory sampled every {options.SampleEvery.TotalSeconds:F0} s (RSS, then the live managed heap after a full blocking GC the probe induces){(options.Smoke ? ". Smoke run: no verdict" : "")}.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Load: {counters.Calls} requests ({counters.Calls / ran.TotalSeconds:F0}/s), {counters.Failures} failed; {counters.SessionsOpened} sessions opened, {counters.SessionsClosed} closed; " +
            $"{counters.ToolChanges} tool changes, {counters.Notifications} list_changed notifications received on the sessions' streams.");
        foreach (var failure in counters.FirstFailures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- failure: `{failure.ReplaceLineEndings(" ")}`");
        }

        text.AppendLine();
        text.AppendLine("Second half of the run (least-squares fit; flat = growth within max(2 MB, 5 %) for the heap, max(8 MB, 5 %) for RSS):");
        text.AppendLine();
        text.AppendLine("| Process | Samples | RSS mean MB | RSS slope MB/10 min | RSS growth MB | Live heap mean MB | Heap slope MB/10 min | Heap growth MB | Verdict |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var trend in trends)
        {
            var rss = trend.Rss(ran);
            var heap = trend.LiveHeap(ran);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {trend.Process} | {rss.Samples} | {rss.MeanMb:F1} | {rss.SlopeMbPer10Min:+0.00;-0.00} | {rss.GrowthMb:+0.0;-0.0} | {heap.MeanMb:F1} | {heap.SlopeMbPer10Min:+0.00;-0.00} | {heap.GrowthMb:+0.0;-0.0} | " +
                $"{(options.Smoke ? "(smoke)" : rss.Flat && heap.Flat ? "flat" : "GROWING")} |");
        }

        text.AppendLine();
        text.AppendLine("Every sample, MB (RSS / live heap):");
        text.AppendLine();
        text.AppendLine("| Minute | " + string.Join(" | ", trends.Select(t => t.Process)) + " |");
        text.AppendLine("| ---: | " + string.Join(" | ", trends.Select(_ => "---:")) + " |");
        for (var i = 0; i < trends.Min(t => t.Samples.Count); i++)
        {
            var row = i;
            var cells = string.Join(" | ", trends.Select(t => string.Create(CultureInfo.InvariantCulture,
                $"{t.Samples[row].Sample.ResidentBytes / MB:F0} / {t.Samples[row].Sample.LiveHeapBytes / MB:F1}")));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {trends[0].Samples[i].At.TotalMinutes:F1} | {cells} |");
        }

        return text.ToString();
    }

    public static bool Passed(TimeSpan ran, IReadOnlyList<MemoryTrend> trends) => trends.All(t => t.Rss(ran).Flat && t.LiveHeap(ran).Flat);
}
