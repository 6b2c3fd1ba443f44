using System.Reflection;

namespace McpPlatform.TestCommon.Processes;

/// <summary>Where the solution's runnable apps were built, for tests that start them as real processes.</summary>
public static class BuiltApps
{
    private static readonly string Configuration =
        typeof(BuiltApps).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string Frontend => Dll("src/Frontend", "McpPlatform.Frontend.dll");

    public static string Silo => Dll("src/Silo", "McpPlatform.Silo.dll");

    public static string CrmApi => Dll("samples/CrmApi", "CrmApi.dll");

    /// <summary>The Node MCP client scripts (official TypeScript SDK).</summary>
    public static string NodeClients => Path.Combine(RepositoryPaths.Root, "tests", "clients");

    private static string Dll(string project, string file)
    {
        var path = Path.Combine(RepositoryPaths.Root, project, "bin", Configuration, "net10.0", file);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is not built; build the solution ({RepositoryPaths.SolutionFileName}) first.", path);
    }
}
