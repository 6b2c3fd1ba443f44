using McpPlatform.OpenApi.Model;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>MCP annotations follow HTTP method semantics (RFC 9110 safe / idempotent methods).</summary>
internal static class MethodHints
{
    public static ToolHints For(string method) => method switch
    {
        "GET" or "HEAD" or "OPTIONS" or "TRACE" => new ToolHints(ReadOnly: true, Destructive: false, Idempotent: true),
        "DELETE" => new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true),
        "PUT" => new ToolHints(ReadOnly: false, Destructive: false, Idempotent: true),
        _ => new ToolHints(ReadOnly: false, Destructive: false, Idempotent: false),
    };
}
