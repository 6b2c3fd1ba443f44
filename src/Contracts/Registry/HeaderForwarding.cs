namespace McpPlatform.Contracts.Registry;

/// <summary>
/// Rules for headers passed from an agent's MCP request to an upstream API (an API's <c>forwardHeaders</c>): the admin
/// API refuses these names, and the frontend and the registry skip them again if they ever get through.
/// </summary>
public static class HeaderForwarding
{
    /// <summary>
    /// An agent may present its platform key here instead of in <c>Authorization</c>, leaving <c>Authorization</c> free
    /// for a token meant for the upstream. Never forwarded.
    /// </summary>
    public const string PlatformKeyHeader = "X-Platform-Key";

    public const int MaxHeaders = 32;

    /// <summary>Connection-level headers, headers of the MCP transport itself, and those the platform sets.</summary>
    private static readonly HashSet<string> Never = new(StringComparer.OrdinalIgnoreCase)
    {
        PlatformKeyHeader,
        "Host", "Content-Length", "Content-Type", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive",
        "Upgrade", "TE", "Trailer", "Expect", "Proxy-Authorization", "Proxy-Connection", "Accept", "Accept-Encoding",
        "Mcp-Session-Id", "Mcp-Protocol-Version", "Last-Event-ID", "traceparent", "tracestate", "baggage",
    };

    public static bool MayForward(string name) => !Never.Contains(name);

    /// <summary>The names a tenant may not list, for the admin API's error message.</summary>
    public static string Refused => string.Join(", ", Never.Order(StringComparer.OrdinalIgnoreCase));
}
