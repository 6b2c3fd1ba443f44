namespace McpPlatform.OpenApi.Tests.Support;

/// <summary>
/// Golden files live in the source tree (<c>tests/OpenApi.Tests/Golden</c>), one per fixture document:
/// <c>oas-examples/3.0/petstore.json</c> → <c>oas-examples__3.0__petstore.json.json</c>.
/// Set <c>UPDATE_GOLDEN=1</c> to rewrite them instead of comparing.
/// </summary>
public static class GoldenFiles
{
    private static readonly Lazy<string> Root = new(FindDirectory);

    public static string Directory => Root.Value;

    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") is "1" or "true" or "TRUE" or "True";

    public static string FileNameFor(string fixture) => fixture.Replace("/", "__", StringComparison.Ordinal) + ".json";

    public static string PathFor(string fixture) => Path.Combine(Directory, FileNameFor(fixture));

    /// <summary>Null when the file does not exist; line ends normalized to <c>\n</c> (a checkout may have turned them into CRLF).</summary>
    public static string? Read(string fixture)
    {
        var path = PathFor(fixture);
        return File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
    }

    public static void Write(string fixture, string text)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(PathFor(fixture), text);
    }

    /// <summary>Where two texts first differ, for a readable failure message; null when equal.</summary>
    public static string? FirstDifference(string expected, string actual)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal)) return null;
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (!string.Equals(e, a, StringComparison.Ordinal))
                return $"first difference at line {i + 1}:\n  expected: {e.Trim()}\n  actual:   {a.Trim()}";
        }
        return "the texts differ only in line ends";
    }

    private static string FindDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "McpPlatform.sln")))
                return Path.Combine(directory.FullName, "tests", "OpenApi.Tests", "Golden");
        }
        throw new DirectoryNotFoundException("McpPlatform.sln not found above " + AppContext.BaseDirectory);
    }
}
