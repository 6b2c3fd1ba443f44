using System.ComponentModel.DataAnnotations;

namespace McpPlatform.Frontend.Hosting;

/// <summary>How this frontend runs. Section <c>Platform</c>.</summary>
public sealed class PlatformOptions
{
    public const string SectionName = "Platform";

    /// <summary>Embedded: one process co-hosting a silo on SQLite (quick start). Cluster: an Orleans client of separate silos on PostgreSQL.</summary>
    public PlatformMode Mode { get; set; } = PlatformMode.Embedded;

    /// <summary>The operator key. When unset, one is generated on first start, stored as a hash and printed once.</summary>
    [MinLength(16, ErrorMessage = "Platform:AdminKey must be at least 16 characters.")]
    public string? AdminKey { get; set; }
}

public enum PlatformMode
{
    Embedded,
    Cluster,
}
