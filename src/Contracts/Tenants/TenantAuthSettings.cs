using McpPlatform.Contracts.Registry;

namespace McpPlatform.Contracts.Tenants;

/// <summary>How agents may sign in at the tenant's MCP endpoint. Replaced as a whole when changed.</summary>
[GenerateSerializer, Immutable]
public sealed record TenantAuthSettings
{
    /// <summary>The platform's own default: tenant API keys, no OAuth.</summary>
    public static readonly TenantAuthSettings Default = new();

    /// <summary>Whether tenant keys are accepted at the MCP endpoint (admin keys keep reaching the admin API either way).</summary>
    [Id(0)] public bool ApiKeys { get; init; } = true;

    /// <summary>Access tokens from the tenant's own identity provider; null: none accepted.</summary>
    [Id(1)] public TenantOAuthSettings? OAuth { get; init; }
}

/// <summary>The tenant's identity provider and what its tokens must carry.</summary>
[GenerateSerializer, Immutable]
public sealed record TenantOAuthSettings
{
    /// <summary>The authorization server's issuer identifier; its metadata and JWKS are discovered from it.</summary>
    [Id(0)] public required string Issuer { get; init; }

    /// <summary>The <c>aud</c> a token must carry; null: the tenant's MCP URL (RFC 8707 resource indicator).</summary>
    [Id(1)] public string? Audience { get; init; }

    /// <summary>Scopes every token must carry (403 <c>insufficient_scope</c> otherwise).</summary>
    [Id(2)] public IReadOnlyList<string> RequiredScopes { get; init; } = [];

    /// <summary>The claim holding the principal's roles (a dotted path such as <c>realm_access.roles</c> reaches into objects); null: no roles.</summary>
    [Id(3)] public string? RoleClaim { get; init; }

    /// <summary>Tools and APIs only some principals may see and call.</summary>
    [Id(4)] public IReadOnlyList<ToolAccessRule> Access { get; init; } = [];

    /// <summary>The authorization-server proxy for identity providers without dynamic client registration; null: off.</summary>
    [Id(5)] public OAuthProxySettings? Proxy { get; init; }
}

/// <summary>
/// Served for a tenant whose identity provider cannot register MCP clients itself: authorization-server metadata, a
/// registration endpoint that hands every client the tenant's pre-registered public client, and authorize, callback
/// and token endpoints that stand between the clients and the provider (the provider sees one client with one redirect
/// URI, the platform's). Public clients only (PKCE): a secret given to every registrant is no secret.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OAuthProxySettings
{
    /// <summary>The client the tenant registered at its identity provider (public, with the clients' redirect URIs allowed).</summary>
    [Id(0)] public required string ClientId { get; init; }

    /// <summary>Scopes asked for when the client asks for none.</summary>
    [Id(1)] public IReadOnlyList<string> DefaultScopes { get; init; } = [];

    /// <summary>Extra query parameters for the identity provider's authorize endpoint (e.g. Auth0's <c>audience</c>).</summary>
    [Id(2)] public IReadOnlyDictionary<string, string> AuthorizeParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Clients' redirect URIs the proxy sends authorization responses to, besides loopback ones (any port, as RFC 8252
    /// allows native apps). The provider cannot check them (it only sees the platform's callback), so the proxy does.
    /// </summary>
    [Id(3)] public IReadOnlyList<string> RedirectUris { get; init; } = [];

    /// <summary>Whether a client may be sent the code at <c>http://127.0.0.1</c>, <c>http://[::1]</c> or <c>http://localhost</c> on any port.</summary>
    public bool AllowsRedirectTo(Uri redirectUri) =>
        RedirectUris.Contains(redirectUri.OriginalString, StringComparer.Ordinal)
        || (redirectUri.Scheme == Uri.UriSchemeHttp && redirectUri.IsLoopback && string.IsNullOrEmpty(redirectUri.Fragment));
}
