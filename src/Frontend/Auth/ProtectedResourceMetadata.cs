using McpPlatform.Contracts.Tenants;
using McpPlatform.Frontend.Hosting;

namespace McpPlatform.Frontend.Auth;

/// <summary>
/// RFC 9728 metadata for each tenant's MCP endpoint: which authorization server issues its tokens and which scopes
/// exist. MCP clients fetch it from the <c>resource_metadata</c> of a 401 (or from this well-known path) to learn
/// where to sign in. Open to anyone, from any origin: it is what a client reads before it has a token.
/// </summary>
public static class ProtectedResourceMetadata
{
    public const string CorsPolicy = "oauth-discovery";

    public static IServiceCollection AddOAuthDiscoveryCors(this IServiceCollection services) =>
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy.AllowAnyOrigin().AllowAnyHeader().WithMethods(HttpMethods.Get, HttpMethods.Post)));

    public static IEndpointRouteBuilder MapProtectedResourceMetadata(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(TenantResourceUrls.ProtectedResourceWellKnown + "/t/{" + AuthorizationPolicies.TenantRouteValue + "}/mcp", GetAsync)
            .RequireCors(CorsPolicy)
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> GetAsync(string tenant, HttpRequest request, TenantAuthCache tenants, PublicUrls urls)
    {
        if (await tenants.GetAsync(tenant) is not { OAuth: { } oauth })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No OAuth for this tenant",
                detail: "This tenant's agents sign in with API keys; it has no identity provider configured.");
        }

        var root = urls.Root(request);
        return TypedResults.Json(new ResourceMetadata(
            TenantResourceUrls.Resource(root, tenant),
            [oauth.Proxy is null ? oauth.Issuer : TenantResourceUrls.ProxyIssuer(root, tenant)],
            ScopesOf(oauth),
            ["header"]));
    }

    /// <summary>The scopes a client may ask for: those every token needs, then those that open restricted tools.</summary>
    public static IReadOnlyList<string> ScopesOf(TenantOAuthSettings oauth) =>
        oauth.RequiredScopes.Concat(oauth.Access.SelectMany(rule => rule.Scopes)).Distinct(StringComparer.Ordinal).ToList();

    private sealed record ResourceMetadata(
        [property: System.Text.Json.Serialization.JsonPropertyName("resource")] string Resource,
        [property: System.Text.Json.Serialization.JsonPropertyName("authorization_servers")] IReadOnlyList<string> AuthorizationServers,
        [property: System.Text.Json.Serialization.JsonPropertyName("scopes_supported")] IReadOnlyList<string> ScopesSupported,
        [property: System.Text.Json.Serialization.JsonPropertyName("bearer_methods_supported")] IReadOnlyList<string> BearerMethodsSupported);
}
