using McpPlatform.TestCommon;

namespace McpPlatform.OpenApi.RoundTrip.Tests.Support;

/// <summary>The shared OpenAPI fixture documents, named by their path under <c>&lt;repo&gt;/../shared/fixtures/openapi</c>.</summary>
public static class FixtureDocuments
{
    public static string Directory => Path.Combine(RepositoryPaths.SharedFixtures, "openapi");

    public static IReadOnlyList<string> All()
        => System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".json" or ".yaml" or ".yml")
            .Select(f => Path.GetRelativePath(Directory, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

    public static string FullPath(string document) => Path.Combine(Directory, document);
}
