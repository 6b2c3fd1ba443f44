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
}
