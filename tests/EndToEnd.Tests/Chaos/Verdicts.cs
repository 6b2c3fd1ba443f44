namespace McpPlatform.EndToEnd.Tests.Chaos;

/// <summary>The checks of a run, gathered before any is asserted, so the report is written whatever fails.</summary>
public sealed class Verdicts
{
    private readonly List<(string Check, bool Passed, string Detail)> items = [];

    public void Add(string check, bool passed, string detail = "") => items.Add((check, passed, detail));

    public string Markdown => "Checks:\n\n" + string.Join('\n', items.Select(i => $"- {(i.Passed ? "✓" : "✗")} {i.Check}{(i.Detail.Length > 0 ? ": " + i.Detail : "")}"));

    public void AssertAllPassed()
    {
        var failed = items.Where(i => !i.Passed).ToList();
        Assert.True(failed.Count == 0, "Failed checks:\n" + string.Join('\n', failed.Select(i => $"{i.Check}: {i.Detail}")));
    }
}
