using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>Single JSON-RPC requests to a tenant MCP endpoint, for what an SDK client would hide (headers, raw errors, paging).</summary>
public static class RawMcp
{
    public const string DefaultVersion = "2025-06-18";

    public const string Initialize = """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw-test","version":"1"}}}""";

    /// <summary>Initializes a session (2025-06-18 unless told otherwise) and returns its id.</summary>
    public static async Task<string> StartSessionAsync(HttpClient http, string tenant, string key, string protocolVersion = DefaultVersion)
    {
        var initialize = Initialize.Replace(DefaultVersion, protocolVersion, StringComparison.Ordinal);
        var (status, _, sessionId) = await SendAsync(http, HttpMethod.Post, tenant, key, initialize, protocolVersion: protocolVersion);
        Assert.Equal(200, status);
        Assert.False(string.IsNullOrEmpty(sessionId), "initialize returns an Mcp-Session-Id");
        await SendAsync(http, HttpMethod.Post, tenant, key, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId, protocolVersion: protocolVersion);
        return sessionId!;
    }

    /// <summary>One request in a fresh session (initialize first, as a real client does).</summary>
    public static async Task<(int Status, JsonElement? Message)> PostAsync(HttpClient http, string tenant, string? key, string json, string? origin = null)
    {
        var sessionId = key is null ? null : await StartSessionAsync(http, tenant, key);
        var (status, message, _) = await SendAsync(http, HttpMethod.Post, tenant, key, json, sessionId, origin);
        return (status, message);
    }

    public static async Task<(int Status, JsonElement? Message, string? SessionId)> SendAsync(
        HttpClient http, HttpMethod method, string tenant, string? key, string? json, string? sessionId = null, string? origin = null,
        string protocolVersion = DefaultVersion, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, $"/t/{tenant}/mcp");
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", protocolVersion);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var returnedSession = response.Headers.TryGetValues("Mcp-Session-Id", out var ids) ? ids.FirstOrDefault() : null;
        // Streamable HTTP answers with JSON or with one SSE event carrying the JSON-RPC message.
        var data = body.Split('\n').FirstOrDefault(line => line.StartsWith("data:", StringComparison.Ordinal))?["data:".Length..] ?? body;
        JsonElement? message = data.TrimStart().StartsWith('{') ? JsonDocument.Parse(data).RootElement.Clone() : null;
        return ((int)response.StatusCode, message, returnedSession);
    }
}
