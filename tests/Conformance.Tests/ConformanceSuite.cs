using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpPlatform.TestCommon;

namespace McpPlatform.Conformance.Tests;

/// <summary>One scenario's outcome as the suite wrote it (checks.json), or a note when it wrote none.</summary>
public sealed record ScenarioResult(string Name, JsonArray? Checks, string? Note)
{
    private IEnumerable<JsonNode> All => Checks?.OfType<JsonNode>() ?? [];

    public int Count(string status) => All.Count(c => (string?)c["status"] == status);

    /// <summary>
    /// Passed: the suite wrote its checks, none failed and at least one succeeded. Warnings alone do not fail a scenario
    /// in the suite's CLI, but a scenario with nothing but warnings and notes tested nothing, so it does not pass here.
    /// </summary>
    public bool Passed => Checks is not null && Count("FAILURE") == 0 && Count("SUCCESS") > 0;

    /// <summary>The suite ran the scenario without a failure but also without a single successful check.</summary>
    public bool NotExercised => Checks is not null && Count("FAILURE") == 0 && Count("SUCCESS") == 0;

    public IEnumerable<string> Failures => Checks is null
        ? [Note ?? "no result"]
        : NotExercised
            ? All.Select(c => $"not exercised: {c["id"]} {c["status"]}: {c["errorMessage"] ?? c["description"]}")
            : All.Where(c => (string?)c["status"] == "FAILURE").Select(c => $"{c["id"]}: {c["errorMessage"]}");

    /// <summary>The first check's <c>details</c> object (the scenarios put the tool result there).</summary>
    public JsonNode? Details(string checkId) => All.FirstOrDefault(c => (string?)c["id"] == checkId)?["details"];
}

/// <summary>
/// Drives the Node package in tests/conformance: Node 22 from the npm package <c>node</c>, the suite's CLI, and the
/// <c>inject-auth.mjs</c> preload that adds the tenant key (the suite itself cannot send headers).
/// </summary>
public static class ConformanceSuite
{
    public static string Directory => Path.Combine(RepositoryPaths.Root, "tests", "conformance");

    public static string NodeBinary => Path.Combine(Directory, "node_modules", "node", "bin", "node");

    private static string Cli => Path.Combine(Directory, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");

    public static string ExpectedFailuresFile => Path.Combine(Directory, "expected-failures.json");

    /// <summary>Why the suite cannot run, or null when it can.</summary>
    public static string? Missing()
    {
        foreach (var path in new[] { NodeBinary, Cli, Path.Combine(Directory, "inject-auth.mjs") })
        {
            if (!File.Exists(path))
            {
                return $"{path} is missing: run 'npm ci' in tests/conformance (test.sh does).";
            }
        }

        return null;
    }

    public static IReadOnlyDictionary<string, string> ExpectedFailures()
    {
        var root = JsonNode.Parse(File.ReadAllText(ExpectedFailuresFile))!.AsObject();
        return root.Where(p => !p.Key.StartsWith('$')).ToDictionary(p => p.Key, p => (string?)p.Value ?? "", StringComparer.Ordinal);
    }

    /// <summary>Every server scenario the installed suite knows (<c>conformance list --server</c>).</summary>
    public static async Task<IReadOnlyList<string>> ListServerScenariosAsync(TimeSpan timeout)
    {
        var (exit, stdout, stderr) = await RunNodeAsync([Cli, "list", "--server"], new Dictionary<string, string>(), timeout);
        Assert.True(exit == 0, $"conformance list failed ({exit}):\n{stdout}\n{stderr}");
        return Regex.Matches(stdout, @"^\s+-\s+(\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
    }

    /// <summary>Runs every server scenario (suite "all", including pending ones) against <paramref name="mcpUrl"/>.</summary>
    public static async Task<(IReadOnlyList<ScenarioResult> Results, string Output)> RunServerScenariosAsync(
        string mcpUrl, string bearerToken, IReadOnlyList<string> scenarios, TimeSpan timeout)
    {
        var outputDirectory = Path.Combine(Path.GetTempPath(), "mcp-conformance-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(outputDirectory);
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["CONFORMANCE_BEARER_TOKEN"] = bearerToken,
                ["CONFORMANCE_TARGET_ORIGIN"] = new Uri(mcpUrl).GetLeftPart(UriPartial.Authority),
                ["NO_COLOR"] = "1",
            };
            // The exit code only says whether some check failed; the per-scenario files are what we judge.
            var (_, stdout, stderr) = await RunNodeAsync(
                ["--import", "./inject-auth.mjs", Cli, "server", "--url", mcpUrl, "--suite", "all", "--output-dir", outputDirectory],
                environment, timeout);

            // One directory per scenario: "server-<scenario>-<ISO timestamp with ':' and '.' replaced by '-'>".
            var written = System.IO.Directory.GetDirectories(outputDirectory)
                .Select(dir => (Scenario: Regex.Replace(Path.GetFileName(dir), @"^server-|-\d{4}-\d{2}-\d{2}T[\d-]+Z$", ""), File: Path.Combine(dir, "checks.json")))
                .Where(d => File.Exists(d.File))
                .ToDictionary(d => d.Scenario, d => d.File, StringComparer.Ordinal);
            var results = scenarios
                .Select(name => written.TryGetValue(name, out var file)
                    ? new ScenarioResult(name, JsonNode.Parse(File.ReadAllText(file))!.AsArray(), null)
                    : new ScenarioResult(name, null, "the suite wrote no result (the scenario crashed or did not run; see the output)"))
                .ToList();
            return (results, stdout + "\n" + stderr);
        }
        finally
        {
            try
            {
                System.IO.Directory.Delete(outputDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<(int ExitCode, string StdOut, string StdErr)> RunNodeAsync(IEnumerable<string> arguments, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(NodeBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            var partial = new StringBuilder();
            try
            {
                partial.Append(await stdout.WaitAsync(TimeSpan.FromSeconds(5))).Append('\n').Append(await stderr.WaitAsync(TimeSpan.FromSeconds(5)));
            }
            catch (TimeoutException)
            {
            }

            throw new TimeoutException($"node {string.Join(' ', info.ArgumentList)} did not finish within {timeout}.\n{partial}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
