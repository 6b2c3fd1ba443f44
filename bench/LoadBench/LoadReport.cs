using System.Globalization;
using System.Text;

namespace McpPlatform.Bench.Load;

/// <summary>The run's numbers as markdown: one row per run, then the ratios taken within this run, then the targets.</summary>
public static class LoadReport
{
    private const double MB = 1024 * 1024;

    public static string Render(LoadOptions options, IReadOnlyList<Measurement> runs)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# LoadBench {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {options.Sessions} sessions in a closed loop, " +
            $"{options.WarmUp.TotalSeconds:F0} s warm-up, {options.Duration.TotalSeconds:F0} s measured per run{(options.Smoke ? " (smoke run: no conclusions)" : "")}.");
        text.AppendLine();
        text.AppendLine("| Target | Call | Calls/s | p50 ms | p95 ms | p99 ms | Errors | Gateway CPU µs/call | Gateway processes: CPU s, peak RSS MB | Upstream µs/call | Load generator µs/call |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
        foreach (var run in runs)
        {
            var processes = string.Join("; ", run.Costs.Where(c => c.Process.Gateway)
                .Select(c => $"{c.Process.Role} {c.Cpu.TotalSeconds:F1} s, {c.PeakResidentBytes / MB:F0} MB"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Target} | {run.Kind} | {run.Load.CallsPerSecond:F0} | {run.Load.Percentile(50):F2} | {run.Load.Percentile(95):F2} | {run.Load.Percentile(99):F2} | {run.Load.Errors} | " +
                $"{(run.Target == "direct" ? "—" : run.GatewayMicrosecondsPerCall.ToString("F0", CultureInfo.InvariantCulture))} | {(processes.Length == 0 ? "—" : processes)} | " +
                $"{run.MicrosecondsPerCall("upstream"):F0} | {run.MicrosecondsPerCall(Monitored.LoadGenerator.Role):F0} |");
        }

        text.AppendLine();
        text.AppendLine("Ratios within this run (platform ÷ direct, platform ÷ peer):");
        text.AppendLine();
        text.AppendLine("| Platform | Call | p50 added over direct, ms | p50 ÷ direct | CPU/call ÷ peer | Calls/s ÷ peer | p99 ÷ peer |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var run in runs.Where(r => r.Target is "embedded" or "embedded-oauth" or "cluster"))
        {
            var direct = Find(runs, "direct", run.Kind);
            var peer = Find(runs, "peer", run.Kind);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Target} | {run.Kind} | {Fmt(run.Load.Percentile(50) - direct?.Load.Percentile(50))} | {Fmt(run.Load.Percentile(50) / direct?.Load.Percentile(50))} | " +
                $"{Fmt(run.GatewayMicrosecondsPerCall / peer?.GatewayMicrosecondsPerCall)} | {Fmt(run.Load.CallsPerSecond / peer?.Load.CallsPerSecond)} | " +
                $"{Fmt(run.Load.Percentile(99) / peer?.Load.Percentile(99))} |");
        }

        text.AppendLine();
        text.AppendLine("Targets (issue 7), read calls:");
        text.AppendLine();
        var embedded = Find(runs, "embedded", "read");
        var cluster = Find(runs, "cluster", "read");
        var peerRead = Find(runs, "peer", "read");
        var directRead = Find(runs, "direct", "read");
        Target(text, "single-process CPU/call ≤ 1/3 of the peer's", embedded?.GatewayMicrosecondsPerCall / peerRead?.GatewayMicrosecondsPerCall, 1.0 / 3, "×");
        Target(text, "single-process calls/s ahead of the peer (ratio > 1)", peerRead?.Load.CallsPerSecond / embedded?.Load.CallsPerSecond, 1, "× (peer ÷ platform)");
        Target(text, "single-process p99 ≤ the peer's", embedded?.Load.Percentile(99) / peerRead?.Load.Percentile(99), 1, "×");
        Target(text, "cluster CPU/call ≤ 1/2 of the peer's", cluster?.GatewayMicrosecondsPerCall / peerRead?.GatewayMicrosecondsPerCall, 0.5, "×");
        Target(text, "single-process p50 added over direct < 1 ms", embedded?.Load.Percentile(50) - directRead?.Load.Percentile(50), 1, " ms");

        // What signing in with the tenant's identity provider costs per call over a key (a JWT checked on every request).
        foreach (var kind in new[] { "read", "write" })
        {
            if (Find(runs, "embedded-oauth", kind) is { } oauth && Find(runs, "embedded", kind) is { } withKey)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"- OAuth token instead of a key, {kind} calls: CPU/call ×{Fmt(oauth.GatewayMicrosecondsPerCall / withKey.GatewayMicrosecondsPerCall)} " +
                    $"({oauth.GatewayMicrosecondsPerCall - withKey.GatewayMicrosecondsPerCall:F0} µs), calls/s ×{Fmt(oauth.Load.CallsPerSecond / withKey.Load.CallsPerSecond)}");
            }
        }

        return text.ToString();
    }

    private static Measurement? Find(IReadOnlyList<Measurement> runs, string target, string kind) =>
        runs.FirstOrDefault(r => r.Target == target && r.Kind == kind);

    private static string Fmt(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("F2", CultureInfo.InvariantCulture) : "—";

    private static void Target(StringBuilder text, string name, double? value, double limit, string unit)
    {
        var verdict = value is not { } v || !double.IsFinite(v) ? "not measured" : v <= limit ? "met" : $"missed by {v / limit:F2}×";
        text.AppendLine(CultureInfo.InvariantCulture, $"- {name}: {Fmt(value)}{unit} — {verdict}");
    }
}
