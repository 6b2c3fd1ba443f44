using McpPlatform.TestCommon;

namespace McpPlatform.OpenApi.RoundTrip.Tests.Support;

/// <summary><c>tests/OpenApi.RoundTrip.Tests/bin/roundtrip-summary.txt</c>: every document's report of this run, sorted by document.</summary>
public static class SummaryFile
{
    private static readonly Lock Gate = new();
    private static readonly SortedDictionary<string, string> Sections = new(StringComparer.Ordinal);

    public static string Path => System.IO.Path.Combine(RepositoryPaths.Root, "tests", "OpenApi.RoundTrip.Tests", "bin", "roundtrip-summary.txt");

    public static void Record(DocumentReport report)
    {
        lock (Gate)
        {
            Sections[report.Document] = report.Text();
            var header = $"OpenAPI round trip against Prism {PrismVersion()} ({Sections.Count} documents so far)\n";
            var lines = Sections.Values.Select(s => s.Split('\n')[0]);
            var details = Sections.Values.Where(s => s.Count(c => c == '\n') > 1);
            File.WriteAllText(Path, header + string.Join('\n', lines) + "\n\n" + string.Join('\n', details));
        }
    }

    public static string PrismVersion()
    {
        var package = System.IO.Path.Combine(PrismMock.PackageDirectory, "node_modules", "@stoplight", "prism-cli", "package.json");
        return File.Exists(package)
            ? System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(package))?["version"]?.ToString() ?? "?"
            : "(not installed)";
    }
}
