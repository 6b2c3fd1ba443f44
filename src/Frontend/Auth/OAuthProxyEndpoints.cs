using System.Text.Json;
using System.Text.Json.Serialization;
using McpPlatform.Contracts.Tenants;
using Microsoft.AspNetCore.WebUtilities;

namespace McpPlatform.Frontend.Auth;

/// <summary>
/// The optional per-tenant authorization-server proxy, for identity providers that cannot register MCP clients
/// dynamically. It serves authorization-server metadata naming itself as issuer; its registration endpoint gives every
/// client the tenant's one pre-registered public client; its authorize endpoint redirects to the provider's with that
/// client id (and the tenant's extra parameters). Tokens come from the provider's own token endpoint and are checked
/// as usual. Trade-offs (docs/OAUTH.md): every agent shares one client id at the provider, and each client's redirect
/// URI must be among that client's allowed ones.
/// </summary>
public static class OAuthProxyEndpoints
{
    private const string Tenant = "{" + AuthorizationPolicies.TenantRouteValue + "}";

    public static IEndpointRouteBuilder MapOAuthProxy(this IEndpointRouteBuilder endpoints)
    {
        // RFC 8414 puts the well-known segment before the issuer's path; OpenID Connect discovery after it. Clients try either.
        endpoints.MapGet(TenantResourceUrls.AuthorizationServerWellKnown + "/t/" + Tenant + "/oauth", MetadataAsync).RequireCors(ProtectedResourceMetadata.CorsPolicy).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet("/t/" + Tenant + "/oauth/.well-known/openid-configuration", MetadataAsync).RequireCors(ProtectedResourceMetadata.CorsPolicy).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost("/t/" + Tenant + "/oauth/register", RegisterAsync).RequireCors(ProtectedResourceMetadata.CorsPolicy).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet("/t/" + Tenant + "/oauth/authorize", AuthorizeAsync).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> MetadataAsync(string tenant, HttpRequest request, TenantAuthCache tenants, IssuerSigningKeys providers)
    {
        if (await ProxyOf(tenant, tenants) is not { } oauth)
        {
            return NoProxy();
        }

        var provider = (await providers.GetAsync(oauth.Issuer)).Metadata;
        if (provider.AuthorizationEndpoint is null || provider.TokenEndpoint is null)
        {
            return ProviderUnavailable(provider.Error);
        }

        var issuer = TenantResourceUrls.ProxyIssuer(request, tenant);
        return TypedResults.Json(new AuthorizationServerMetadata(
            issuer,
            issuer + "/authorize",
            provider.TokenEndpoint,
            issuer + "/register",
            ["code"],
            ["authorization_code", "refresh_token"],
            ["S256"],
            ["none"],
            ProtectedResourceMetadata.ScopesOf(oauth).Concat(oauth.Proxy!.DefaultScopes).Distinct(StringComparer.Ordinal).ToList()));
    }

    /// <summary>RFC 7591 registration that registers nothing: every client gets the tenant's pre-registered public client.</summary>
    private static async Task<IResult> RegisterAsync(string tenant, HttpRequest request, TenantAuthCache tenants)
    {
        if (await ProxyOf(tenant, tenants) is not { } oauth)
        {
            return NoProxy();
        }

        JsonElement metadata;
        try
        {
            metadata = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
        }
        catch (JsonException)
        {
            return RegistrationError("invalid_client_metadata", "The body must be a JSON object of client metadata (RFC 7591).");
        }

        if (metadata.ValueKind != JsonValueKind.Object || !metadata.TryGetProperty("redirect_uris", out var uris) || uris.ValueKind != JsonValueKind.Array
            || uris.GetArrayLength() == 0 || uris.EnumerateArray().Any(u => u.ValueKind != JsonValueKind.String || !Uri.TryCreate(u.GetString(), UriKind.Absolute, out _)))
        {
            return RegistrationError("invalid_redirect_uri", "'redirect_uris' must be a non-empty array of absolute URIs.");
        }

        return TypedResults.Json(new RegisteredClient(
            oauth.Proxy!.ClientId,
            DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            uris.EnumerateArray().Select(u => u.GetString()!).ToList(),
            "none",
            ["authorization_code", "refresh_token"],
            ["code"],
            metadata.TryGetProperty("client_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null),
            statusCode: StatusCodes.Status201Created);
    }

    /// <summary>On to the provider's authorize endpoint with the tenant's client id; everything else the client sent passes as is.</summary>
    private static async Task<IResult> AuthorizeAsync(string tenant, HttpRequest request, TenantAuthCache tenants, IssuerSigningKeys providers)
    {
        if (await ProxyOf(tenant, tenants) is not { } oauth)
        {
            return NoProxy();
        }

        var provider = (await providers.GetAsync(oauth.Issuer)).Metadata;
        if (provider.AuthorizationEndpoint is null)
        {
            return ProviderUnavailable(provider.Error);
        }

        var proxy = oauth.Proxy!;
        var query = request.Query.Where(p => p.Key != "client_id").ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);
        query["client_id"] = proxy.ClientId;
        if (!query.TryGetValue("scope", out var scope) || string.IsNullOrWhiteSpace(scope))
        {
            if (proxy.DefaultScopes.Count > 0)
            {
                query["scope"] = string.Join(' ', proxy.DefaultScopes);
            }
        }

        foreach (var (name, value) in proxy.AuthorizeParameters)
        {
            query.TryAdd(name, value);
        }

        return TypedResults.Redirect(QueryHelpers.AddQueryString(provider.AuthorizationEndpoint, query));
    }

    private static async ValueTask<TenantOAuthSettings?> ProxyOf(string tenant, TenantAuthCache tenants) =>
        await tenants.GetAsync(tenant) is { OAuth: { Proxy: not null } oauth } ? oauth : null;

    private static IResult NoProxy() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No OAuth proxy for this tenant",
        detail: "This tenant has no authorization-server proxy; its clients sign in at its identity provider directly (see its protected-resource metadata).");

    private static IResult ProviderUnavailable(string? error) => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Identity provider unavailable", detail: $"The tenant's identity provider's metadata could not be fetched: {error ?? "it names no authorization or token endpoint"}");

    /// <summary>RFC 7591 §3.2.2 errors are OAuth error objects, not problem details.</summary>
    private static IResult RegistrationError(string error, string description) =>
        TypedResults.Json(new OAuthError(error, description), statusCode: StatusCodes.Status400BadRequest);

    private sealed record OAuthError(
        [property: JsonPropertyName("error")] string Error,
        [property: JsonPropertyName("error_description")] string Description);

    private sealed record AuthorizationServerMetadata(
        [property: JsonPropertyName("issuer")] string Issuer,
        [property: JsonPropertyName("authorization_endpoint")] string AuthorizationEndpoint,
        [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
        [property: JsonPropertyName("registration_endpoint")] string RegistrationEndpoint,
        [property: JsonPropertyName("response_types_supported")] IReadOnlyList<string> ResponseTypes,
        [property: JsonPropertyName("grant_types_supported")] IReadOnlyList<string> GrantTypes,
        [property: JsonPropertyName("code_challenge_methods_supported")] IReadOnlyList<string> CodeChallengeMethods,
        [property: JsonPropertyName("token_endpoint_auth_methods_supported")] IReadOnlyList<string> TokenEndpointAuthMethods,
        [property: JsonPropertyName("scopes_supported")] IReadOnlyList<string> Scopes);

    private sealed record RegisteredClient(
        [property: JsonPropertyName("client_id")] string ClientId,
        [property: JsonPropertyName("client_id_issued_at")] long IssuedAt,
        [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string> RedirectUris,
        [property: JsonPropertyName("token_endpoint_auth_method")] string TokenEndpointAuthMethod,
        [property: JsonPropertyName("grant_types")] IReadOnlyList<string> GrantTypes,
        [property: JsonPropertyName("response_types")] IReadOnlyList<string> ResponseTypes,
        [property: JsonPropertyName("client_name")] string? ClientName);
}
