using System.Net.Http.Headers;
using System.Text;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>A 2025-11-25 session driven with plain HTTP, so each request can go to the frontend the test picks.</summary>
public sealed class RawMcpSession(string tenant, string key, string sessionId) : IDisposable
{
    public const string Version = "2025-11-25";

    private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public string SessionId => sessionId;

    public static async Task<RawMcpSession> StartAsync(string frontend, string tenant, string key)
    {
        using var http = new HttpClient();
        using var response = await http.SendAsync(Request(frontend, tenant, key, null,
            """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"VERSION","capabilities":{},"clientInfo":{"name":"e2e-raw","version":"1"}}}""".Replace("VERSION", Version, StringComparison.Ordinal)));
        response.EnsureSuccessStatusCode();
        var session = new RawMcpSession(tenant, key, response.Headers.GetValues("Mcp-Session-Id").Single());
        using var initialized = await session.PostAsync(frontend, """{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        return session;
    }

    public Task<HttpResponseMessage> PostAsync(string frontend, string json, CancellationToken cancellationToken = default) =>
        http.SendAsync(Request(frontend, tenant, key, sessionId, json), cancellationToken);

    /// <summary>A <c>tools/call</c> (with an <c>Idempotency-Key</c> header when given); returns its result.</summary>
    public async Task<System.Text.Json.JsonElement> CallToolAsync(string frontend, string id, string tool, object arguments, string? idempotencyKey = null)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            jsonrpc = "2.0",
            id,
            method = "tools/call",
            @params = new { name = tool, arguments },
        });
        using var request = Request(frontend, tenant, key, sessionId, json);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"tools/call on {frontend}: {(int)response.StatusCode} {body}");
        // Streamable HTTP answers with JSON or with an SSE event carrying it.
        var data = body.Split('\n').FirstOrDefault(line => line.StartsWith("data:", StringComparison.Ordinal))?["data:".Length..] ?? body;
        using var message = System.Text.Json.JsonDocument.Parse(data);
        Assert.True(message.RootElement.TryGetProperty("result", out var result), $"tools/call on {frontend} has no result: {data}");
        return result.Clone();
    }

    /// <summary>Opens the session's GET stream (server-to-client messages); the response is returned once its headers arrived.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string frontend)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{frontend}/t/{tenant}/mcp");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", Version);
        request.Headers.Add("Mcp-Session-Id", sessionId);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return response;
    }

    /// <summary>A request from an agent that traces: its own W3C <c>traceparent</c> on the HTTP request.</summary>
    public Task<HttpResponseMessage> PostTracedAsync(string frontend, string json, string traceParent)
    {
        var request = Request(frontend, tenant, key, sessionId, json);
        request.Headers.Add("traceparent", traceParent);
        return http.SendAsync(request);
    }

    /// <summary>This session's id, presented on another tenant's URL with that tenant's key.</summary>
    public Task<HttpResponseMessage> PostAsOtherTenantAsync(string frontend, string otherTenant, string otherKey, string json) =>
        http.SendAsync(Request(frontend, otherTenant, otherKey, sessionId, json));

    private static HttpRequestMessage Request(string frontend, string tenant, string key, string? sessionId, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{frontend}/t/{tenant}/mcp")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", Version);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        return request;
    }

    public void Dispose() => http.Dispose();
}
