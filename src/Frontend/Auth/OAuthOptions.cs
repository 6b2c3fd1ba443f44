using System.ComponentModel.DataAnnotations;

namespace McpPlatform.Frontend.Auth;

/// <summary>How a frontend checks tenants' OAuth access tokens. Section <c>Platform:OAuth</c>.</summary>
public sealed class OAuthOptions
{
    public const string SectionName = "Platform:OAuth";

    /// <summary>Leeway for <c>exp</c> and <c>nbf</c>: clocks of the provider and the platform differ a little.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a frontend uses a tenant's sign-in settings before asking the cluster again; a change shows this late at most.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan SettingsCacheTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a frontend asks the cluster for an identity provider's current keys (an unknown key id asks at once).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeysCheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}
