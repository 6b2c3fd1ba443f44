using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;

namespace McpPlatform.Bench.Soak;

/// <summary>
/// An agent's session over raw Streamable HTTP, as SDK clients run one: initialize, a GET stream for notifications,
/// requests, DELETE at the end. Sessionless (2026-07-28) requests go through <see cref="SendSessionlessAsync"/>.
/// </summary>
public sealed class SoakSession : IAsyncDisposable
{
    private const string Version = "2025-11-25";
    private const string SessionlessVersion = "2026-07-28";
    private readonly HttpClient http;
    private readonly HttpClient streams;
    private readonly Uri endpoint;
    private readonly string key;
    private readonly CancellationTokenSource closing = new();
    private readonly SoakCounters counters;
    private string? sessionId;
    private Task stream = Task.CompletedTask;

    private SoakSession(HttpClient http, HttpClient streams, Uri endpoint, string key, SoakCounters counters)
    {
        this.http = http;
        this.streams = streams;
        this.endpoint = endpoint;
        this.key = key;
        this.counters = counters;
    }

    public static async Task<SoakSession> OpenAsync(HttpClient http, HttpClient streams, Uri endpoint, string key, SoakCounters counters)
    {
        var session = new SoakSession(http, streams, endpoint, key, counters);
        using var response = await session.PostAsync(
            """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"soak","version":"1"}}}""", null);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !response.Headers.TryGetValues("Mcp-Session-Id", out var ids))
        {
            throw new InvalidOperationException($"initialize answered {(int)response.StatusCode}: {body}");
        }

        session.sessionId = ids.Single();
        using var initialized = await session.PostAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", null);
        initialized.EnsureSuccessStatusCode();
        session.stream = session.ListenAsync(session.closing.Token);
        return session;
    }

    /// <summary>Sends one request of the session; true when it answered a result that is not a tool error.</summary>
    public async Task<bool> SendAsync(string json, string? idempotencyKey = null)
    {
        using var response = await PostAsync(json, idempotencyKey);
        return Succeeded(response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A 2026-07-28 request: no session, its method and tool named in headers.</summary>
    public static async Task<(bool Ok, string Body)> SendSessionlessAsync(HttpClient http, Uri endpoint, string key, string method, string? tool, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("MCP-Protocol-Version", SessionlessVersion);
        request.Headers.Add("Mcp-Method", method);
        if (tool is not null)
        {
            request.Headers.Add("Mcp-Name", tool);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (Succeeded(response, body), body);
    }

    public static string Meta => """
        "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"soak","version":"1"}}
        """;

    /// <summary>Ends the session with DELETE and closes its stream.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var request = Request(HttpMethod.Delete))
        using (var response = await http.SendAsync(request))
        {
            if (!response.IsSuccessStatusCode)
            {
                counters.Failed($"DELETE answered {(int)response.StatusCode}");
            }
        }

        await closing.CancelAsync();
        await stream;
        closing.Dispose();
    }

    private static bool Succeeded(HttpResponseMessage response, string body) =>
        response.IsSuccessStatusCode && body.Contains("\"result\"", StringComparison.Ordinal) && !body.Contains("\"isError\":true", StringComparison.Ordinal);

    private async Task ListenAsync(CancellationToken stop)
    {
        try
        {
            using var request = Request(HttpMethod.Get);
            request.Headers.Accept.Clear();
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await streams.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(stop);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(stop))
            {
                if (item.Data.Contains("notifications/tools/list_changed", StringComparison.Ordinal))
                {
                    counters.Notified();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // The session ended (DELETE) or the bench stops.
        }
    }

    private async Task<HttpResponseMessage> PostAsync(string json, string? idempotencyKey)
    {
        using var request = Request(HttpMethod.Post);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await http.SendAsync(request);
    }

    private HttpRequestMessage Request(HttpMethod method)
    {
        var request = new HttpRequestMessage(method, endpoint);
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
            request.Headers.Add("MCP-Protocol-Version", Version);
        }

        return request;
    }
}
