namespace McpPlatform.Bench.Conversion;

public static class Fixtures
{
    /// <summary><c>&lt;repo&gt;/../shared/fixtures/openapi</c>, found from the working directory or the binaries.</summary>
    public static string OpenApiDirectory { get; } = Find();

    private static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "McpPlatform.sln")))
                {
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "openapi"));
                }
            }
        }

        throw new InvalidOperationException("Run from inside the repository: McpPlatform.sln not found.");
    }
}
