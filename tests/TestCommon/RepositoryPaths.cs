namespace McpPlatform.TestCommon;

/// <summary>Well-known locations relative to the repository checkout, resolved from the test binaries.</summary>
public static class RepositoryPaths
{
    public const string SolutionFileName = "McpPlatform.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory holding <see cref="SolutionFileName"/>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Fixtures shared with other repositories: <c>&lt;root&gt;/../shared/fixtures</c>.</summary>
    public static string SharedFixtures => Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Could not find {SolutionFileName} in any parent of {AppContext.BaseDirectory}; run the tests from inside the repository.");
    }
}
