using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One session of the official TypeScript SDK client (<c>tests/clients/mcp-session.mjs</c>) against one MCP URL,
/// optionally asking for an older protocol revision (plan field <c>protocolVersion</c>).
/// Steps are built with <see cref="NodeMcpSession.ListTools"/> and <see cref="NodeMcpSession.CallTool"/>.
/// </summary>
public static class TsSdkClient
{
    public static Task<JsonElement> RunAsync(string url, string token, string? protocolVersion, params JsonObject[] steps) =>
        NodeMcpSession.RunAsync([url], token, protocolVersion, steps);

    /// <summary>The same over the 2024-11-05 HTTP+SSE transport, stream and POSTs at one SSE URL.</summary>
    public static Task<JsonElement> RunLegacySseAsync(string sseUrl, string token, string? protocolVersion, params JsonObject[] steps) =>
        NodeMcpSession.RunLegacySseAsync([sseUrl], token, protocolVersion, steps);
}
