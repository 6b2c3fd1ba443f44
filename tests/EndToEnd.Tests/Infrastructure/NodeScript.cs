using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.TestCommon.Processes;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs one of the plan-driven Node client scripts in <c>tests/clients</c> (<c>node script.mjs plan.json</c>) and
/// returns the one JSON document it prints on stdout, whatever its <c>ok</c>.
/// </summary>
public static class NodeScript
{
    /// <summary>The Node 22 binary that the npm package <c>node</c> (pinned) installs, for packages that need it.</summary>
    public static string Node22 => Path.Combine(BuiltApps.NodeClients, "node_modules", "node", "bin", "node");

    public static void EnsureInstalled()
    {
        if (!Directory.Exists(Path.Combine(BuiltApps.NodeClients, "node_modules")))
        {
            throw new InvalidOperationException($"Run 'npm ci' in {BuiltApps.NodeClients} first (the README's test command does).");
        }
    }

    public static async Task<(int ExitCode, JsonElement Document, string StdErr)> RunPlanAsync(string script, JsonObject plan, TimeSpan timeout)
    {
        EnsureInstalled();
        var planFile = Path.Combine(Path.GetTempPath(), $"mcp-plan-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(planFile, plan.ToJsonString());
        try
        {
            var (exitCode, stdout, stderr) = await ChildProcess.RunAsync("node", [Path.Combine(BuiltApps.NodeClients, script), planFile], timeout, BuiltApps.NodeClients);
            var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                ?? throw new InvalidOperationException($"{script} printed nothing (exit {exitCode}): {stderr}");
            return (exitCode, JsonDocument.Parse(line).RootElement.Clone(), stderr);
        }
        finally
        {
            File.Delete(planFile);
        }
    }

    /// <summary>Like <see cref="RunPlanAsync"/>, failing the test unless the script reports <c>ok</c>.</summary>
    public static async Task<JsonElement> RunPlanExpectOkAsync(string script, JsonObject plan, TimeSpan timeout)
    {
        var (exitCode, document, stderr) = await RunPlanAsync(script, plan, timeout);
        Assert.True(exitCode == 0 && document.GetProperty("ok").GetBoolean(), $"{script} failed (exit {exitCode}): {document}\n{stderr}");
        return document;
    }
}
