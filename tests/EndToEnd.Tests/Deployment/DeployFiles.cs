using System.Text.RegularExpressions;
using System.Xml.Linq;
using McpPlatform.TestCommon;

namespace McpPlatform.EndToEnd.Tests.Deployment;

/// <summary>Reads what the tests hold the apps to from the deployment files themselves: Dockerfiles, manifests, settings.</summary>
public static partial class DeployFiles
{
    public static string Path(string relative) => System.IO.Path.Combine(RepositoryPaths.Root, relative);

    /// <summary>The project files a Dockerfile copies before its restore (paths relative to the repository root).</summary>
    public static IReadOnlySet<string> ProjectsCopiedBy(string dockerfile) =>
        CopiedProject().Matches(File.ReadAllText(Path(dockerfile))).Select(m => m.Groups[1].Value).ToHashSet();

    /// <summary>A project and every project it references, directly or not (paths relative to the repository root).</summary>
    public static IReadOnlySet<string> ProjectGraph(string project)
    {
        var found = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!found.Add(current))
            {
                continue;
            }

            var directory = System.IO.Path.GetDirectoryName(Path(current))!;
            foreach (var reference in XDocument.Load(Path(current)).Descendants("ProjectReference"))
            {
                var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(System.IO.Path.GetRelativePath(RepositoryPaths.Root, full).Replace('\\', '/'));
            }
        }

        return found;
    }

    /// <summary>The HTTP paths a workload manifest's probes ask (every <c>path:</c> in it is a probe's).</summary>
    public static IReadOnlyList<string> ProbePaths(string manifest) =>
        ProbePath().Matches(File.ReadAllText(Path(manifest))).Select(m => m.Groups[1].Value).Distinct().ToList();

    /// <summary>The settings the manifests give silos and frontends (deploy/k8s/base/platform.env), as environment variables.</summary>
    public static Dictionary<string, string?> PlatformSettings() =>
        File.ReadAllLines(Path("deploy/k8s/base/platform.env"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => (string?)pair[1]);

    [GeneratedRegex(@"^COPY\s+(src/\S+\.csproj)\s", RegexOptions.Multiline)]
    private static partial Regex CopiedProject();

    [GeneratedRegex(@"^\s+path:\s*(/\S*)\s*$", RegexOptions.Multiline)]
    private static partial Regex ProbePath();
}
