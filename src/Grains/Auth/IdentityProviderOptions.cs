using System.ComponentModel.DataAnnotations;

namespace McpPlatform.Grains.Auth;

/// <summary>How silos keep tenants' identity providers' metadata and keys. Section <c>Platform:IdentityProviders</c>.</summary>
public sealed class IdentityProviderOptions
{
    public const string SectionName = "Platform:IdentityProviders";

    /// <summary>How long a fetched copy is used before it is fetched again (keys also refresh when a token names an unknown one).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan MetadataLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The shortest time between two fetches for one provider, whatever tokens arrive.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MinRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);
}
