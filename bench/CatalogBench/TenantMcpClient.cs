using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace McpPlatform.Bench.Catalog;

/// <summary>
/// One tenant's MCP endpoint, spoken as raw Streamable HTTP (2025-06-18) so the platform is measured, not a client
/// SDK. Each timed request counts from sending it until the last byte of its response has been read; parsing the
/// response afterwards is the bench's own work and is not counted.
/// </summary>
public sealed class TenantMcpClient(HttpClient http, string tenant, string agentKey)
{
    private const string Version = "2025-06-18";
    private const string InitializeJson =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"catalog-bench","version":"1"}}}""";
    private const string InitializedJson = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    private string Endpoint => $"/t/{tenant}/mcp";

    /// <summary>Sends <c>initialize</c>: the new session's id (not acknowledged yet) and how long the request took.</summary>
    public async Task<(string Session, TimeSpan Elapsed)> InitializeAsync()
    {
        var reply = await SendAsync(InitializeJson, session: null);
        Parse(reply, "initialize").Dispose();
        return (reply.Session!, reply.Elapsed);
    }

    /// <summary>A session as clients open one: initialize, then notifications/initialized.</summary>
    public async Task<string> OpenSessionAsync()
    {
        var (session, _) = await InitializeAsync();
        var ack = await SendAsync(InitializedJson, session);
        ack.EnsureSuccess("notifications/initialized");
        return session;
    }

    public async Task DeleteSessionAsync(string session)
    {
        using var request = NewRequest(HttpMethod.Delete, session);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>One <c>tools/list</c> page: its tools, its size on the wire, the next page's cursor, and the request's time.</summary>
    public async Task<ToolsPage> ListToolsAsync(string session, string? cursor)
    {
        var json = cursor is null
            ? """{"jsonrpc":"2.0","id":2,"method":"tools/list"}"""
            : $$$"""{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"cursor":{{{JsonSerializer.Serialize(cursor)}}}}}""";
        var reply = await SendAsync(json, session);
        using var message = Parse(reply, "tools/list");
        var result = message.RootElement.GetProperty("result");
        var next = result.TryGetProperty("nextCursor", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return new ToolsPage(result.GetProperty("tools").GetArrayLength(), reply.Body.Length, next, reply.Elapsed);
    }

    private async Task<Reply> SendAsync(string json, string? session)
    {
        using var request = NewRequest(HttpMethod.Post, session);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var elapsed = clock.Elapsed;
        var sessionId = response.Headers.TryGetValues("Mcp-Session-Id", out var values) ? values.Single() : null;
        return new Reply((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, sessionId, elapsed);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string? session)
    {
        var request = new HttpRequestMessage(method, Endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agentKey);
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", Version);
        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
        }

        return request;
    }

    /// <summary>The JSON-RPC response, whether it came as plain JSON or as a message of an SSE stream.</summary>
    private static JsonDocument Parse(Reply reply, string method)
    {
        reply.EnsureSuccess(method);
        var message = JsonDocument.Parse(reply.MediaType == "text/event-stream" ? SseData(reply.Body) : reply.Body);
        if (message.RootElement.TryGetProperty("error", out var error))
        {
            message.Dispose();
            throw new InvalidOperationException($"{method}: {error}");
        }

        return message;
    }

    /// <summary>The data of the first event that has some (a stream may start with an empty priming event).</summary>
    private static byte[] SseData(byte[] body)
    {
        foreach (var eventText in Encoding.UTF8.GetString(body).ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var data = string.Join('\n', eventText.Split('\n')
                .Where(line => line.StartsWith("data:", StringComparison.Ordinal))
                .Select(line => line["data:".Length..].TrimStart(' ')));
            if (data.Length > 0)
            {
                return Encoding.UTF8.GetBytes(data);
            }
        }

        throw new InvalidOperationException("The SSE response carried no message.");
    }

    private sealed record Reply(int Status, string? MediaType, byte[] Body, string? Session, TimeSpan Elapsed)
    {
        public void EnsureSuccess(string method)
        {
            if (Status is < 200 or > 299)
            {
                throw new InvalidOperationException($"{method}: {Status} {Encoding.UTF8.GetString(Body)}");
            }
        }
    }
}

public readonly record struct ToolsPage(int Tools, int Bytes, string? NextCursor, TimeSpan Elapsed);
