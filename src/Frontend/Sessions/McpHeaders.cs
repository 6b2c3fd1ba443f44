namespace McpPlatform.Frontend.Sessions;

/// <summary>MCP Streamable HTTP header names and protocol revisions the gateway cares about.</summary>
public static class McpHeaders
{
    public const string SessionId = "Mcp-Session-Id";
    public const string ProtocolVersion = "MCP-Protocol-Version";

    /// <summary>From this revision on, requests carry their own context and there are no sessions.</summary>
    public const string FirstSessionlessRevision = "2026-07-28";

    /// <summary>Revisions a client may negotiate through <c>initialize</c>; others get the newest of them.</summary>
    public static readonly string[] InitializeRevisions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

    public static string Negotiate(string? requested) =>
        requested is not null && InitializeRevisions.Contains(requested, StringComparer.Ordinal) ? requested : InitializeRevisions[^1];

    /// <summary>From 2025-11-25 on, a server may open an SSE stream with an event that carries only an id.</summary>
    public static bool SupportsPrimingEvents(string? negotiatedProtocolVersion) =>
        negotiatedProtocolVersion is not null && string.CompareOrdinal(negotiatedProtocolVersion, "2025-11-25") >= 0;

    public static bool IsSessionless(string? protocolVersion) =>
        protocolVersion is not null && string.CompareOrdinal(protocolVersion, FirstSessionlessRevision) >= 0;
}
