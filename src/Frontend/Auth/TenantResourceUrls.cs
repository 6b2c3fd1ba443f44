namespace McpPlatform.Frontend.Auth;

/// <summary>
/// The URLs a tenant's OAuth clients see, under the platform's public root (<see cref="Hosting.PublicUrls"/>): the MCP
/// endpoint is the protected resource (RFC 9728) and the default audience of its tokens (RFC 8707).
/// </summary>
public static class TenantResourceUrls
{
    public const string ProtectedResourceWellKnown = "/.well-known/oauth-protected-resource";
    public const string AuthorizationServerWellKnown = "/.well-known/oauth-authorization-server";

    public static string McpPath(string tenant) => $"/t/{tenant}/mcp";

    /// <summary>The tenant's MCP endpoint: the resource its tokens are for.</summary>
    public static string Resource(string root, string tenant) => root + McpPath(tenant);

    /// <summary>Where the resource's RFC 9728 metadata is: the well-known prefix goes before the resource's path.</summary>
    public static string ProtectedResourceMetadata(string root, string tenant) => root + ProtectedResourceWellKnown + McpPath(tenant);

    public static string ProxyPath(string tenant) => $"/t/{tenant}/oauth";

    /// <summary>The issuer identifier of the tenant's authorization-server proxy, when it has one.</summary>
    public static string ProxyIssuer(string root, string tenant) => root + ProxyPath(tenant);

    /// <summary>Where the tenant's provider sends the proxy's authorization responses (registered there for the proxy's client).</summary>
    public static string ProxyCallback(string root, string tenant) => root + ProxyPath(tenant) + "/callback";
}
