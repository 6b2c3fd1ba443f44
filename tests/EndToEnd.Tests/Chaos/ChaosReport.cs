using System.Globalization;
using System.Text;

namespace McpPlatform.EndToEnd.Tests.Chaos;

/// <summary>The run as markdown: per phase, what the agents sent and how it ended, and the longest stretch without a success.</summary>
public static class ChaosReport
{
    public static string Render(string title, CallLedger ledger, IEnumerable<string> notes)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores. Requests are HTTP requests, counted in the phase they were sent in; a call that failed in a retriable way was sent again (writes with the same idempotency key).");
        text.AppendLine();
        text.AppendLine("| Phase | Seconds | Requests | Succeeded | Failed | Failed by kind | Longest gap without a success |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | --- | ---: |");
        foreach (var phase in ledger.Phases.Append(new Phase("whole run", ledger.Phases[0].Start, ledger.Phases[^1].End)))
        {
            // A request counts in the phase it was sent in: one lost with a killed silo fails only at its timeout.
            var attempts = ledger.Attempts.Where(a => phase.Contains(a.Started)).ToList();
            var failed = attempts.Where(a => a.Kind != AttemptKind.Success).ToList();
            var kinds = failed.Count == 0 ? "–" : string.Join(", ", failed.GroupBy(a => a.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {phase.Name} | {(phase.End - phase.Start).TotalSeconds:F1} | {attempts.Count} | {attempts.Count - failed.Count} | {failed.Count} | {kinds} | {ledger.LongestGap(phase).TotalSeconds:F2} s |");
        }

        var calls = ledger.Calls.ToList();
        var retried = calls.Where(c => c.Attempts.Count > 1).ToList();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Calls (as the agents meant them): {calls.Count}; succeeded {calls.Count(c => c.Succeeded)}; needed retries {retried.Count} " +
            $"(most attempts {(retried.Count == 0 ? 1 : retried.Max(c => c.Attempts.Count))}, longest until success {(retried.Count == 0 ? 0 : retried.Max(c => (c.Attempts[^1].Ended - c.Attempts[0].Started).TotalSeconds)):F1} s); not recovered {calls.Count(c => !c.Succeeded)}.");
        var samples = ledger.Attempts.Where(a => a.Kind != AttemptKind.Success).GroupBy(a => a.Kind).Select(g => g.First()).ToList();
        if (samples.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("What a failure of each kind said (first of each):");
            text.AppendLine();
            foreach (var sample in samples)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {sample.Kind} at {sample.Ended.TotalSeconds:F1} s on {sample.Frontend}, {sample.Operation}: `{sample.Detail?.ReplaceLineEndings(" ")}`");
            }
        }

        foreach (var note in notes)
        {
            text.AppendLine();
            text.AppendLine(note);
        }

        return text.ToString();
    }

    /// <summary>Writes the report into the temporary folder (or <c>MCP_CHAOS_REPORTS</c>); returns the file's path.</summary>
    public static string Save(string name, string report)
    {
        var folder = Environment.GetEnvironmentVariable("MCP_CHAOS_REPORTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "mcp-chaos");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        File.WriteAllText(path, report);
        return path;
    }
}
