namespace McpPlatform.Frontend.Auth;

/// <summary>
/// The URLs a tenant's OAuth clients see, built from the request (scheme, host and path base as the client used them,
/// so behind a proxy the forwarded headers must be applied): the MCP endpoint is the protected resource (RFC 9728)
/// and the default audience of its tokens (RFC 8707).
/// </summary>
public static class TenantResourceUrls
{
    public const string ProtectedResourceWellKnown = "/.well-known/oauth-protected-resource";
    public const string AuthorizationServerWellKnown = "/.well-known/oauth-authorization-server";

    private static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static string McpPath(string tenant) => $"/t/{tenant}/mcp";

    /// <summary>The tenant's MCP endpoint: the resource its tokens are for.</summary>
    public static string Resource(HttpRequest request, string tenant) => Origin(request) + McpPath(tenant);

    /// <summary>Where the resource's RFC 9728 metadata is: the well-known prefix goes before the resource's path.</summary>
    public static string ProtectedResourceMetadata(HttpRequest request, string tenant) => Origin(request) + ProtectedResourceWellKnown + McpPath(tenant);

    public static string ProxyPath(string tenant) => $"/t/{tenant}/oauth";

    /// <summary>The issuer identifier of the tenant's authorization-server proxy, when it has one.</summary>
    public static string ProxyIssuer(HttpRequest request, string tenant) => Origin(request) + ProxyPath(tenant);

    public static string ProxyMetadata(HttpRequest request, string tenant) => Origin(request) + AuthorizationServerWellKnown + ProxyPath(tenant);
}
