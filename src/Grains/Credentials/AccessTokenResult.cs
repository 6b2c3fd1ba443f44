namespace McpPlatform.Grains.Credentials;

/// <summary>A token from an OAuth 2.0 token endpoint, or why there is none (worded for the agent; never holding a secret).</summary>
public sealed record AccessTokenResult(string? Token, string? Error, bool Unreachable = false)
{
    public static AccessTokenResult Failed(string error, bool unreachable = false) => new(null, error, unreachable);
}
