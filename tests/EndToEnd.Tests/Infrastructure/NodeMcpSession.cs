using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs one MCP client session with the official TypeScript SDK (<c>tests/clients/mcp-session.mjs</c>, under node),
/// its requests spread round-robin over the given MCP URLs.
/// </summary>
public static class NodeMcpSession
{
    public static Task<JsonElement> RunAsync(IReadOnlyList<string> urls, string token, params JsonObject[] steps) =>
        RunAsync(urls, token, protocolVersion: null, steps);

    /// <param name="protocolVersion">An older revision for the client to ask for; null: the SDK's newest.</param>
    public static Task<JsonElement> RunAsync(IReadOnlyList<string> urls, string token, string? protocolVersion, params JsonObject[] steps) =>
        RunAsync(urls, token, protocolVersion, legacySse: false, steps);

    /// <summary>
    /// The same over the 2024-11-05 HTTP+SSE transport (<c>SSEClientTransport</c>): <paramref name="sseUrls"/> are
    /// <c>…/sse</c> URLs; the stream is opened at the first, the POSTs go round-robin to the hosts of the others
    /// (to the first's if it is the only one).
    /// </summary>
    public static Task<JsonElement> RunLegacySseAsync(IReadOnlyList<string> sseUrls, string token, string? protocolVersion, params JsonObject[] steps) =>
        RunAsync(sseUrls, token, protocolVersion, legacySse: true, steps);

    private static async Task<JsonElement> RunAsync(IReadOnlyList<string> urls, string token, string? protocolVersion, bool legacySse, JsonObject[] steps)
    {
        var script = Path.Combine(BuiltApps.NodeClients, "mcp-session.mjs");
        if (!Directory.Exists(Path.Combine(BuiltApps.NodeClients, "node_modules")))
        {
            throw new InvalidOperationException($"Run 'npm ci' in {BuiltApps.NodeClients} first (the README's test command does).");
        }

        var plan = new JsonObject
        {
            ["urls"] = new JsonArray(urls.Select(u => (JsonNode)JsonValue.Create(u)!).ToArray()),
            ["token"] = token,
            ["timeoutMs"] = 60_000,
            ["steps"] = new JsonArray(steps.Select(s => (JsonNode)s).ToArray()),
        };
        if (protocolVersion is not null)
        {
            plan["protocolVersion"] = protocolVersion;
        }

        if (legacySse)
        {
            plan["transport"] = "sse";
        }

        var planFile = Path.Combine(Path.GetTempPath(), $"mcp-plan-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(planFile, plan.ToJsonString());
        try
        {
            var (exitCode, stdout, stderr) = await ChildProcess.RunAsync("node", [script, planFile], TimeSpan.FromSeconds(90), BuiltApps.NodeClients);
            var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                ?? throw new InvalidOperationException($"mcp-session.mjs printed nothing (exit {exitCode}): {stderr}");
            var result = JsonDocument.Parse(line).RootElement.Clone();
            Assert.True(exitCode == 0 && result.GetProperty("ok").GetBoolean(), $"MCP session failed (exit {exitCode}): {line}\n{stderr}");
            return result;
        }
        finally
        {
            File.Delete(planFile);
        }
    }

    public static JsonObject ListTools() => new() { ["op"] = "listTools" };

    public static JsonObject CallTool(string name, JsonObject? arguments = null) =>
        new() { ["op"] = "callTool", ["name"] = name, ["arguments"] = arguments ?? new JsonObject() };

    public static JsonObject CallToolExpectError(string name) =>
        new() { ["op"] = "callToolExpectError", ["name"] = name, ["arguments"] = new JsonObject() };
}
