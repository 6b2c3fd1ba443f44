using McpPlatform.Frontend.Mcp;
using Microsoft.Extensions.Options;

namespace McpPlatform.Frontend.Hosting;

/// <summary>
/// The platform's URL as clients reach it, for every absolute URL it hands out (result links, OAuth metadata, the
/// default audience of tokens): <c>Platform:Mcp:PublicBaseUrl</c> when set, otherwise taken from the request.
/// </summary>
public sealed class PublicUrls(IOptionsMonitor<McpEndpointOptions> options)
{
    public string Root(HttpRequest request) =>
        options.CurrentValue.PublicBaseUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
}
