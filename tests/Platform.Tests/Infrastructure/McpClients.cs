using ModelContextProtocol.Client;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>The official C# MCP SDK client, connected to a tenant's endpoint of the in-process platform.</summary>
public static class McpClients
{
    /// <param name="protocolVersion">Null: the SDK's newest (2026-07-28, sessionless); an older one gives an initialize-based session.</param>
    public static async Task<McpClient> ConnectAsync(PlatformFactory platform, string tenant, string key, string? protocolVersion = null)
    {
        var http = platform.CreateClient();
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, $"/t/{tenant}/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        }, http, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion });
    }

    /// <summary>The same client over the 2024-11-05 HTTP+SSE transport, at the tenant's <c>/sse</c> URL.</summary>
    public static async Task<McpClient> ConnectLegacySseAsync(PlatformFactory platform, string tenant, string key, McpClientOptions? options = null)
    {
        var http = platform.CreateClient();
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, $"/t/{tenant}/sse"),
            TransportMode = HttpTransportMode.Sse,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        }, http, ownsHttpClient: true);
        options ??= new McpClientOptions();
        options.ProtocolVersion ??= "2024-11-05";
        return await McpClient.CreateAsync(transport, options);
    }
}
