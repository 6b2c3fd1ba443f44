using System.ComponentModel.DataAnnotations;

namespace McpPlatform.Frontend.Mcp;

/// <summary>How tenants' MCP endpoints behave. Section <c>Platform:Mcp</c>.</summary>
public sealed class McpEndpointOptions
{
    public const string SectionName = "Platform:Mcp";

    /// <summary>Tools per <c>tools/list</c> page; larger tool sets are paged with cursors.</summary>
    [Range(1, 10_000)]
    public int ToolsPageSize { get; set; } = 500;

    /// <summary>
    /// Browser origins allowed to call MCP endpoints (e.g. <c>https://inspector.example.com</c>). Requests without
    /// an <c>Origin</c> header (non-browser clients) are always allowed; with one, it must be listed here or be a
    /// loopback origin. This is the MCP transport's DNS-rebinding protection.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>A session with no request for this long ends, on every frontend.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a frontend keeps its in-memory copy of an idle session (the SDK's own table). Only a cache: the
    /// session lives in the cluster, and another frontend — or this one, later — adopts it again on demand, for one
    /// grain call. A copy costs about 10 KB, so this is the main part of an idle session's memory; two minutes matches
    /// the session grain's own time in memory. The time counts from a request's start, and a request still running
    /// keeps the copy; but a tool call whose client has gone away is cancelled when the copy is dropped.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LocalSessionCacheTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often an idle server-to-client stream (a session's GET stream, a legacy SSE stream) gets a keep-alive
    /// comment, so proxies and load balancers do not cut it; streams also confirm their session with the cluster.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan StreamKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a download link to a stored (large) response stays valid; the response itself may live longer.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan ResultLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The platform's public address (e.g. <c>https://mcp.example.com</c>) for links in tool results; by default taken
    /// from each request, which is right unless a proxy rewrites the host.
    /// </summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// How long a frontend trusts a session it confirmed with the cluster before asking again. Saves a grain call per
    /// request of a busy session (in a cluster, a network hop). A session that ends is forgotten by every frontend
    /// before its DELETE returns; this time bounds only a frontend that missed that message. Zero asks every time.
    /// Capped at a quarter of <see cref="SessionIdleTimeout"/>: a session's idle time may start that much before its
    /// last request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan SessionConfirmationCacheTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest JSON-RPC request body accepted.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
}
