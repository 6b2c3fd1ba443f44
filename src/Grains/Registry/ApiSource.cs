using McpPlatform.Contracts.Registry;

namespace McpPlatform.Grains.Registry;

/// <summary>Everything an API's tools are built from.</summary>
public sealed record ApiSource(string Id, string? OpenApiUrl, string DocumentText, string? RequestedBaseUrl, ApiOptions Options)
{
    public static ApiSource From(StoredApi api) => new(api.Id, api.OpenApiUrl, api.DocumentText, api.RequestedBaseUrl, api.Options);
}
