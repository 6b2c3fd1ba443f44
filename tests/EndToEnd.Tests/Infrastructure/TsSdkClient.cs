using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.TestCommon.Processes;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One session of the official TypeScript SDK client (<c>tests/clients/mcp-session.mjs</c>) against one MCP URL,
/// optionally asking for an older protocol revision (plan field <c>protocolVersion</c>).
/// Steps are built with <see cref="NodeMcpSession.ListTools"/> and <see cref="NodeMcpSession.CallTool"/>.
/// </summary>
public static class TsSdkClient
{
    public static async Task<JsonElement> RunAsync(string url, string token, string? protocolVersion, params JsonObject[] steps)
    {
        var script = Path.Combine(BuiltApps.NodeClients, "mcp-session.mjs");
        if (!Directory.Exists(Path.Combine(BuiltApps.NodeClients, "node_modules")))
        {
            throw new InvalidOperationException($"Run 'npm ci' in {BuiltApps.NodeClients} first (test.sh does).");
        }

        var plan = new JsonObject
        {
            ["urls"] = new JsonArray(JsonValue.Create(url)),
            ["token"] = token,
            ["timeoutMs"] = 60_000,
            ["steps"] = new JsonArray(steps.Select(s => (JsonNode)s).ToArray()),
        };
        if (protocolVersion is not null)
        {
            plan["protocolVersion"] = protocolVersion;
        }

        var planFile = Path.Combine(Path.GetTempPath(), $"mcp-plan-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(planFile, plan.ToJsonString());
        try
        {
            var (exitCode, stdout, stderr) = await ChildProcess.RunAsync("node", [script, planFile], TimeSpan.FromSeconds(90), BuiltApps.NodeClients);
            var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                ?? throw new InvalidOperationException($"mcp-session.mjs printed nothing (exit {exitCode}): {stderr}");
            var result = JsonDocument.Parse(line).RootElement.Clone();
            Assert.True(exitCode == 0 && result.GetProperty("ok").GetBoolean(), $"TypeScript SDK session failed (exit {exitCode}): {line}\n{stderr}");
            return result;
        }
        finally
        {
            File.Delete(planFile);
        }
    }
}
