using McpPlatform.Contracts.Registry;

namespace McpPlatform.Frontend.Admin;

/// <summary>An API's credentials as shown back: the kind and its non-secret settings; the secret only as <c>configured</c>.</summary>
public sealed record UpstreamAuthResponse(
    string Type,
    bool Configured,
    string? In = null,
    string? Name = null,
    string? Username = null,
    string? TokenUrl = null,
    string? ClientId = null,
    IReadOnlyList<string>? Scopes = null,
    string? Audience = null,
    string? ClientAuthentication = null)
{
    public static UpstreamAuthResponse From(UpstreamAuth? auth) => auth?.Kind switch
    {
        null or UpstreamAuthKind.None => new("none", false),
        UpstreamAuthKind.ApiKey => new("apiKey", true, In: auth.In == ApiKeyLocation.Query ? "query" : "header", Name: auth.Name),
        UpstreamAuthKind.Bearer => new("bearer", true),
        UpstreamAuthKind.Basic => new("basic", true, Username: auth.Username),
        _ => new("oauth2ClientCredentials", true, TokenUrl: auth.TokenUrl, ClientId: auth.ClientId, Scopes: auth.Scopes, Audience: auth.Audience,
            ClientAuthentication: auth.ClientAuthentication == ClientAuthenticationMethod.RequestBody ? "body" : "basic"),
    };
}
