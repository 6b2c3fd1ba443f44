using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// mcp-remote (npm, pinned) in front of an OAuth-protected MCP URL, driven over stdio by the TypeScript SDK
/// (<c>tests/clients/mcp-remote-session.mjs</c>). mcp-remote registers (or uses the given client), "opens a browser"
/// that is a headless redirect follower (<c>fake-browser.mjs</c> as <c>$BROWSER</c>) and keeps its tokens in a
/// temporary folder. The result has <c>results</c>, <c>auth</c> (<c>clientId</c>, decoded <c>accessToken</c>,
/// <c>browser</c>: the authorize trail) and <c>log</c> (mcp-remote's stderr).
/// </summary>
public static class McpRemoteClient
{
    /// <summary>Runs the session, failing the test unless it succeeds.</summary>
    /// <param name="clientInformation">A pre-registered client (<c>--static-oauth-client-info</c>); null: mcp-remote registers one.</param>
    public static Task<JsonElement> RunAsync(string url, JsonObject? clientInformation, params JsonObject[] steps) =>
        NodeScript.RunPlanExpectOkAsync("mcp-remote-session.mjs", Plan(url, clientInformation, steps), TimeSpan.FromSeconds(120));

    /// <summary>Runs any plan (see the script's header) and returns its document, ok or not.</summary>
    public static async Task<JsonElement> RunPlanAsync(JsonObject plan) =>
        (await NodeScript.RunPlanAsync("mcp-remote-session.mjs", plan, TimeSpan.FromSeconds(120))).Document;

    public static JsonObject Plan(string url, JsonObject? clientInformation, params JsonObject[] steps)
    {
        var plan = new JsonObject
        {
            ["url"] = url,
            ["timeoutMs"] = 90_000,
            ["steps"] = new JsonArray(steps.Select(s => (JsonNode)s).ToArray()),
        };
        if (clientInformation is not null)
        {
            plan["clientInformation"] = clientInformation.DeepClone();
        }

        return plan;
    }
}
