using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>Single JSON-RPC requests to a tenant MCP endpoint, for what an SDK client would hide (headers, raw errors, paging).</summary>
public static class RawMcp
{
    public static async Task<(int Status, JsonElement? Message)> PostAsync(HttpClient http, string tenant, string? key, string json, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/t/{tenant}/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        // Streamable HTTP answers with JSON or with one SSE event carrying the JSON-RPC message.
        var data = body.Split('\n').FirstOrDefault(line => line.StartsWith("data:", StringComparison.Ordinal))?["data:".Length..] ?? body;
        JsonElement? message = data.TrimStart().StartsWith('{') ? JsonDocument.Parse(data).RootElement.Clone() : null;
        return ((int)response.StatusCode, message);
    }
}
