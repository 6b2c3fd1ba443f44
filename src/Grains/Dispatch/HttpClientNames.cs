namespace McpPlatform.Grains.Dispatch;

public static class HttpClientNames
{
    /// <summary>Tool calls to tenants' APIs.</summary>
    public const string Upstream = "upstream";

    /// <summary>Fetching OpenAPI documents by URL.</summary>
    public const string Documents = "openapi-documents";

    /// <summary>OAuth 2.0 token endpoints of tenants' APIs.</summary>
    public const string Tokens = "upstream-tokens";
}
