using System.Text.Json;
using System.Text.Json.Serialization;
using McpPlatform.Contracts.Auth;
using McpPlatform.Contracts.Tenants;
using McpPlatform.Frontend.Hosting;
using Microsoft.AspNetCore.WebUtilities;

namespace McpPlatform.Frontend.Auth;

/// <summary>
/// The optional per-tenant authorization-server proxy, for identity providers that cannot register MCP clients
/// dynamically. It serves authorization-server metadata naming itself as issuer; its registration endpoint gives every
/// client the tenant's one pre-registered public client; its authorize, callback and token endpoints stand between the
/// clients and the provider, so the provider sees that one client with one redirect URI (the platform's callback),
/// while each client gets its code at its own redirect URI with the proxy as issuer (RFC 9207). Tokens come from the
/// provider and are checked as usual. Trade-offs: docs/OAUTH.md.
/// </summary>
public static class OAuthProxyEndpoints
{
    private const string Tenant = "{" + AuthorizationPolicies.TenantRouteValue + "}";
    private const string Base = "/t/" + Tenant + "/oauth";

    public static IEndpointRouteBuilder MapOAuthProxy(this IEndpointRouteBuilder endpoints)
    {
        // RFC 8414 puts the well-known segment before the issuer's path; OpenID Connect discovery after it. Clients try either.
        Open(endpoints.MapGet(TenantResourceUrls.AuthorizationServerWellKnown + "/t/" + Tenant + "/oauth", MetadataAsync)).RequireCors(ProtectedResourceMetadata.CorsPolicy);
        Open(endpoints.MapGet(Base + "/.well-known/openid-configuration", MetadataAsync)).RequireCors(ProtectedResourceMetadata.CorsPolicy);
        Open(endpoints.MapPost(Base + "/register", RegisterAsync)).RequireCors(ProtectedResourceMetadata.CorsPolicy);
        Open(endpoints.MapPost(Base + "/token", TokenAsync)).RequireCors(ProtectedResourceMetadata.CorsPolicy).DisableAntiforgery();
        Open(endpoints.MapGet(Base + "/authorize", AuthorizeAsync));
        Open(endpoints.MapGet(Base + "/callback", CallbackAsync));
        return endpoints;
    }

    private static RouteHandlerBuilder Open(RouteHandlerBuilder endpoint) => endpoint.AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> MetadataAsync(string tenant, HttpRequest request, TenantAuthCache tenants, IssuerSigningKeys providers, PublicUrls urls)
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

        var issuer = TenantResourceUrls.ProxyIssuer(urls.Root(request), tenant);
        return TypedResults.Json(new AuthorizationServerMetadata(
            issuer,
            issuer + "/authorize",
            issuer + "/token",
            issuer + "/register",
            ["code"],
            ["authorization_code", "refresh_token"],
            ["S256"],
            ["none"],
            ProtectedResourceMetadata.ScopesOf(oauth).Concat(oauth.Proxy!.DefaultScopes).Distinct(StringComparer.Ordinal).ToList(),
            AuthorizationResponseIssParameterSupported: true));
    }

    /// <summary>RFC 7591 registration that registers nothing: every client gets the tenant's pre-registered public client.</summary>
    private static async Task<IResult> RegisterAsync(string tenant, HttpRequest request, TenantAuthCache tenants, TimeProvider clock)
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
            return OAuthError("invalid_client_metadata", "The body must be a JSON object of client metadata (RFC 7591).");
        }

        if (metadata.ValueKind != JsonValueKind.Object || !metadata.TryGetProperty("redirect_uris", out var uris) || uris.ValueKind != JsonValueKind.Array
            || uris.GetArrayLength() == 0 || uris.EnumerateArray().Any(u => u.ValueKind != JsonValueKind.String))
        {
            return OAuthError("invalid_redirect_uri", "'redirect_uris' must be a non-empty array of absolute URIs.");
        }

        var redirectUris = uris.EnumerateArray().Select(u => u.GetString()!).ToList();
        if (redirectUris.FirstOrDefault(u => !AllowedRedirect(oauth.Proxy!, u)) is { } refused)
        {
            return OAuthError("invalid_redirect_uri", RedirectRefused(refused));
        }

        return TypedResults.Json(new RegisteredClient(
            oauth.Proxy!.ClientId,
            clock.GetUtcNow().ToUnixTimeSeconds(),
            redirectUris,
            "none",
            ["authorization_code", "refresh_token"],
            ["code"],
            metadata.TryGetProperty("client_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null),
            statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// On to the provider's authorize endpoint with the tenant's client id and the platform's callback; the client's
    /// redirect URI and state ride in a signed state. Everything else the client sent passes as is.
    /// </summary>
    private static async Task<IResult> AuthorizeAsync(
        string tenant, HttpRequest request, TenantAuthCache tenants, IssuerSigningKeys providers, PublicUrls urls, ProxyAuthorizationState states)
    {
        if (await ProxyOf(tenant, tenants) is not { } oauth)
        {
            return NoProxy();
        }

        // An unusable redirect URI is never redirected to (RFC 6749 §4.1.2.1): the answer goes to whoever is looking.
        string redirectUri = request.Query["redirect_uri"].ToString();
        if (!AllowedRedirect(oauth.Proxy!, redirectUri))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Redirect URI not allowed", detail: RedirectRefused(redirectUri));
        }

        var provider = (await providers.GetAsync(oauth.Issuer)).Metadata;
        if (provider.AuthorizationEndpoint is null)
        {
            return ProviderUnavailable(provider.Error);
        }

        var proxy = oauth.Proxy!;
        var query = request.Query.Where(p => p.Key is not ("client_id" or "redirect_uri" or "state"))
            .ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);
        query["client_id"] = proxy.ClientId;
        query["redirect_uri"] = TenantResourceUrls.ProxyCallback(urls.Root(request), tenant);
        query["state"] = await states.ProtectAsync(new PendingAuthorization(tenant, redirectUri, request.Query.TryGetValue("state", out var state) ? state.ToString() : null));
        if (string.IsNullOrWhiteSpace(query.GetValueOrDefault("scope")) && proxy.DefaultScopes.Count > 0)
        {
            query["scope"] = string.Join(' ', proxy.DefaultScopes);
        }

        foreach (var (name, value) in proxy.AuthorizeParameters)
        {
            query.TryAdd(name, value);
        }

        return TypedResults.Redirect(QueryHelpers.AddQueryString(provider.AuthorizationEndpoint, query));
    }

    /// <summary>The provider's answer, passed to the client's redirect URI with the client's state and the proxy as issuer.</summary>
    private static async Task<IResult> CallbackAsync(string tenant, HttpRequest request, PublicUrls urls, ProxyAuthorizationState states)
    {
        var pending = await states.UnprotectAsync(request.Query["state"]);
        if (pending is null || pending.Tenant != tenant)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown or expired sign-in",
                detail: "This answer does not belong to a sign-in started here in the last minutes; start signing in again.");
        }

        var answer = request.Query.Where(p => p.Key is not ("state" or "iss"))
            .ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);
        if (pending.ClientState is not null)
        {
            answer["state"] = pending.ClientState;
        }

        answer["iss"] = TenantResourceUrls.ProxyIssuer(urls.Root(request), tenant);
        return TypedResults.Redirect(QueryHelpers.AddQueryString(pending.RedirectUri, answer));
    }

    /// <summary>
    /// The client's token request, sent to the provider with the tenant's client id and, for a code, the redirect URI
    /// the provider saw (the platform's callback). The provider's answer comes back as it was.
    /// </summary>
    private static async Task<IResult> TokenAsync(string tenant, HttpRequest request, TenantAuthCache tenants, IClusterClient cluster, PublicUrls urls)
    {
        if (await ProxyOf(tenant, tenants) is not { } oauth)
        {
            return NoProxy();
        }

        if (!request.HasFormContentType)
        {
            return OAuthError("invalid_request", "A token request is a form (application/x-www-form-urlencoded), RFC 6749 §3.2.");
        }

        var form = await request.ReadFormAsync();
        var forwarded = form.Where(p => p.Key is not ("client_id" or "client_secret" or "redirect_uri"))
            .Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())).ToList();
        forwarded.Add(KeyValuePair.Create("client_id", oauth.Proxy!.ClientId));
        if (form["grant_type"] == "authorization_code")
        {
            if (!AllowedRedirect(oauth.Proxy!, form["redirect_uri"].ToString()))
            {
                return OAuthError("invalid_grant", RedirectRefused(form["redirect_uri"].ToString()));
            }

            forwarded.Add(KeyValuePair.Create("redirect_uri", TenantResourceUrls.ProxyCallback(urls.Root(request), tenant)));
        }

        var answer = await cluster.GetGrain<IIdentityProviderGrain>(oauth.Issuer).RequestTokenAsync(forwarded);
        if (answer.Error is not null)
        {
            return OAuthError("temporarily_unavailable", answer.Error, StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Text(answer.Body, answer.ContentType ?? "application/json", statusCode: answer.Status);
    }

    private static bool AllowedRedirect(OAuthProxySettings proxy, string redirectUri) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) && proxy.AllowsRedirectTo(uri);

    private static string RedirectRefused(string redirectUri) =>
        $"The redirect URI '{redirectUri}' is not one this tenant's sign-in sends codes to: loopback addresses (http://127.0.0.1:<port>/…) " +
        "always are; others the tenant's admin lists in auth.oauth.proxy.redirectUris.";

    private static async ValueTask<TenantOAuthSettings?> ProxyOf(string tenant, TenantAuthCache tenants) =>
        await tenants.GetAsync(tenant) is { OAuth: { Proxy: not null } oauth } ? oauth : null;

    private static IResult NoProxy() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No OAuth proxy for this tenant",
        detail: "This tenant has no authorization-server proxy; its clients sign in at its identity provider directly (see its protected-resource metadata).");

    private static IResult ProviderUnavailable(string? error) => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Identity provider unavailable", detail: $"The tenant's identity provider's metadata could not be fetched: {error ?? "it names no authorization or token endpoint"}");

    /// <summary>RFC 6749 §5.2 and RFC 7591 §3.2.2 errors are OAuth error objects, not problem details.</summary>
    private static IResult OAuthError(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Json(new OAuthErrorBody(error, description), statusCode: status);

    private sealed record OAuthErrorBody(
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
        [property: JsonPropertyName("scopes_supported")] IReadOnlyList<string> Scopes,
        [property: JsonPropertyName("authorization_response_iss_parameter_supported")] bool AuthorizationResponseIssParameterSupported);

    private sealed record RegisteredClient(
        [property: JsonPropertyName("client_id")] string ClientId,
        [property: JsonPropertyName("client_id_issued_at")] long IssuedAt,
        [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string> RedirectUris,
        [property: JsonPropertyName("token_endpoint_auth_method")] string TokenEndpointAuthMethod,
        [property: JsonPropertyName("grant_types")] IReadOnlyList<string> GrantTypes,
        [property: JsonPropertyName("response_types")] IReadOnlyList<string> ResponseTypes,
        [property: JsonPropertyName("client_name")] string? ClientName);
}
