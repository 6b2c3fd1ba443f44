using System.Text.Json.Serialization;
using McpPlatform.Contracts.Registry;
using McpPlatform.Contracts.Tenants;

namespace McpPlatform.Frontend.Admin;

/// <summary>How agents sign in, as set (nothing in it is secret: the proxy's client is a public one). Sent back as is, it changes nothing.</summary>
public sealed record TenantAuthResponse(
    bool ApiKeys,
    // Named by hand: the camel-case policy would write "oAuth".
    [property: JsonPropertyName("oauth")] TenantOAuthResponse? OAuth)
{
    public static TenantAuthResponse From(TenantAuthSettings? auth)
    {
        var settings = auth ?? TenantAuthSettings.Default;
        return new(settings.ApiKeys, settings.OAuth is { } oauth ? TenantOAuthResponse.From(oauth) : null);
    }
}

public sealed record TenantOAuthResponse(
    string Issuer,
    string? Audience,
    IReadOnlyList<string> RequiredScopes,
    string? RoleClaim,
    IReadOnlyList<ToolAccessRuleResponse> Access,
    OAuthProxyResponse? Proxy)
{
    public static TenantOAuthResponse From(TenantOAuthSettings oauth) => new(
        oauth.Issuer,
        oauth.Audience,
        oauth.RequiredScopes,
        oauth.RoleClaim,
        oauth.Access.Select(rule => new ToolAccessRuleResponse(rule.Apis, rule.Tools, rule.Scopes, rule.Roles)).ToList(),
        oauth.Proxy is { } proxy ? new OAuthProxyResponse(proxy.ClientId, proxy.DefaultScopes, proxy.AuthorizeParameters, proxy.RedirectUris) : null);
}

public sealed record ToolAccessRuleResponse(IReadOnlyList<string> Apis, IReadOnlyList<string> Tools, IReadOnlyList<string> Scopes, IReadOnlyList<string> Roles);

public sealed record OAuthProxyResponse(string ClientId, IReadOnlyList<string> DefaultScopes, IReadOnlyDictionary<string, string> AuthorizeParameters, IReadOnlyList<string> RedirectUris);
