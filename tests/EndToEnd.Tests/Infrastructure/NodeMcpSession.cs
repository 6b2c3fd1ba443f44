using System.Text.Json;
using System.Text.Json.Nodes;

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

    private static Task<JsonElement> RunAsync(IReadOnlyList<string> urls, string token, string? protocolVersion, bool legacySse, JsonObject[] steps)
    {
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

        return NodeScript.RunPlanExpectOkAsync("mcp-session.mjs", plan, TimeSpan.FromSeconds(90));
    }

    public static JsonObject ListTools() => new() { ["op"] = "listTools" };

    public static JsonObject CallTool(string name, JsonObject? arguments = null) =>
        new() { ["op"] = "callTool", ["name"] = name, ["arguments"] = arguments ?? new JsonObject() };

    public static JsonObject CallToolExpectError(string name) =>
        new() { ["op"] = "callToolExpectError", ["name"] = name, ["arguments"] = new JsonObject() };

    public static JsonObject Ping() => new() { ["op"] = "ping" };
}
