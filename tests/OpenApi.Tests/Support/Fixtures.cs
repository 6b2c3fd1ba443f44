namespace McpPlatform.OpenApi.Tests.Support;

/// <summary>Locates the shared real-world OpenAPI documents next to the repository (never copied into it).</summary>
public static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Directory => Root.Value;

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    /// <summary>Every document (JSON or YAML), relative to the fixture root.</summary>
    public static IEnumerable<string> AllDocuments()
        => System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(Directory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static TheoryData<string> AllDocumentsData()
    {
        var data = new TheoryData<string>();
        foreach (var document in AllDocuments()) data.Add(document);
        return data;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "McpPlatform.sln")))
            {
                var fixtures = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "fixtures", "openapi"));
                if (System.IO.Directory.Exists(fixtures)) return fixtures;
                throw new DirectoryNotFoundException($"Fixtures not found at {fixtures}.");
            }
        }
        throw new DirectoryNotFoundException("McpPlatform.sln not found above " + AppContext.BaseDirectory);
    }
}
