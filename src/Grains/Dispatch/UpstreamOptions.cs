using System.ComponentModel.DataAnnotations;

namespace McpPlatform.Grains.Dispatch;

/// <summary>How the platform talks to tenants' APIs. Section <c>Platform:Upstreams</c>.</summary>
public sealed class UpstreamOptions
{
    public const string SectionName = "Platform:Upstreams";

    /// <summary>Timeout of one upstream call when the API sets none.</summary>
    [Range(1, 300)]
    public int DefaultTimeoutSeconds { get; set; } = 10;

    /// <summary>The most a tenant may set as an API's timeout.</summary>
    [Range(1, 300)]
    public int MaxTimeoutSeconds { get; set; } = 300;

    /// <summary>Largest OpenAPI document accepted, inline or fetched.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxDocumentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Timeout for fetching an OpenAPI document by URL.</summary>
    [Range(1, 300)]
    public int DocumentFetchTimeoutSeconds { get; set; } = 30;

    /// <summary>Largest upstream response read into a tool result.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How much of an upstream error body is shown to the agent.</summary>
    [Range(64, 64 * 1024)]
    public int ErrorExcerptChars { get; set; } = 2048;

    /// <summary>
    /// Whether tenants' URLs may reach loopback, link-local, private and other non-public addresses (which is where
    /// the platform's own services and cloud metadata live). Off in a cluster; on in the embedded quick start.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Networks (CIDR, e.g. <c>10.20.0.0/16</c>) tenants may reach even when private networks are not allowed.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Time to open a TCP (and TLS) connection to an upstream, within the call's own timeout.</summary>
    [Range(1, 120)]
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Retries of an idempotent call after a connection failure or a 502/503/504 (0 turns retries off).</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry waits about this long; each next one about twice as long (with jitter).</summary>
    [Range(10, 10_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 200;

    /// <summary>Redirects followed within the API's own origin; a redirect to another host is never followed.</summary>
    [Range(0, 10)]
    public int MaxRedirects { get; set; } = 3;

    /// <summary>Open connections per upstream host and port from one silo; further calls wait for one to free up.</summary>
    [Range(1, 100_000)]
    public int MaxConnectionsPerServer { get; set; } = 256;
}
