using System.Collections.Concurrent;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace McpPlatform.Bench.Load;

/// <summary>
/// One MCP session over raw Streamable HTTP (2025-06-18): initialize, open the GET stream (as SDK clients do), then
/// tool calls, one at a time. A call's answer is read from its POST's response, or — when the server answers the POST
/// with 202, as the peer gateway does — from the GET stream. Raw rather than an SDK client, so the load generator stays
/// lean and the same bytes reach every gateway.
/// </summary>
/// <param name="http">Sends the POSTs (with a timeout).</param>
/// <param name="streams">Holds the GET stream (without one).</param>
public sealed class McpLoadClient(HttpClient http, HttpClient streams, Uri endpoint, string? bearer) : IAsyncDisposable
{
    // Ids are unique across sessions: the peer gateway routes answers by request id alone.
    private static long lastId;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<bool>> awaitingStream = new();
    private readonly CancellationTokenSource closing = new();
    private Task streamReader = Task.CompletedTask;
    private const string ProtocolVersion = "2025-06-18";
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly byte[] ResultMarker = "\"result\""u8.ToArray();
    private static readonly byte[] ToolErrorMarker = "\"isError\":true"u8.ToArray();
    private string? session;

    public async Task InitializeAsync(CancellationToken cancel)
    {
        using var response = await PostAsync(
            """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"load-bench","version":"1"}}}""",
            null, cancel);
        var body = await response.Content.ReadAsStringAsync(cancel);
        if (!response.IsSuccessStatusCode || !body.Contains("\"result\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"initialize at {endpoint} answered {(int)response.StatusCode}: {body}");
        }

        session = response.Headers.TryGetValues("Mcp-Session-Id", out var ids) ? ids.Single() : null;
        using var initialized = await PostAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", null, cancel);
        initialized.EnsureSuccessStatusCode();
        if (session is not null)
        {
            // Not awaited: a server may send the stream's headers only with its first event (the peer gateway does).
            streamReader = ReadStreamAsync(closing.Token);
            await Task.Delay(StreamSettle, cancel);
        }
    }

    /// <summary>Time for the GET to reach the server before the first call whose answer may travel on it.</summary>
    private static readonly TimeSpan StreamSettle = TimeSpan.FromMilliseconds(300);

    /// <summary>The tools the gateway lists, as their JSON objects (the first page is enough for the bench's API).</summary>
    public async Task<IReadOnlyList<JsonElement>> ListToolsAsync(CancellationToken cancel)
    {
        using var response = await PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", null, cancel);
        var message = JsonDocument.Parse(JsonPayload(await response.Content.ReadAsStringAsync(cancel))).RootElement;
        return [.. message.GetProperty("result").GetProperty("tools").EnumerateArray()];
    }

    /// <summary>Calls a tool; true when the gateway answered a result that is not a tool error.</summary>
    public async Task<bool> CallToolAsync(string tool, string argumentsJson, string? idempotencyKey, CancellationToken cancel)
    {
        var id = Interlocked.Increment(ref lastId);
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        awaitingStream[id] = answer;
        var json = $$$"""{"jsonrpc":"2.0","id":{{{id.ToString(CultureInfo.InvariantCulture)}}},"method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{argumentsJson}}}}}""";
        using var response = await PostAsync(json, idempotencyKey, cancel);
        var body = await response.Content.ReadAsByteArrayAsync(cancel);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            awaitingStream.TryRemove(id, out _);
            return Outcome(response.IsSuccessStatusCode && IsToolSuccess(body), body);
        }

        return await answer.Task.WaitAsync(cancel);
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        await streamReader;
        closing.Dispose();
    }

    /// <summary>What the last failed call answered, for the bench's error message.</summary>
    public string? LastFailure { get; private set; }

    private bool Outcome(bool success, byte[] answer)
    {
        if (!success)
        {
            LastFailure = Encoding.UTF8.GetString(answer);
        }

        return success;
    }

    private static bool IsToolSuccess(ReadOnlySpan<byte> message) => message.IndexOf(ResultMarker) >= 0 && message.IndexOf(ToolErrorMarker) < 0;

    private async Task ReadStreamAsync(CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        AddHeaders(request, null);
        request.Headers.Remove("Accept");
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        try
        {
            using var response = await streams.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
            response.EnsureSuccessStatusCode();
            {
                await using var stream = await response.Content.ReadAsStreamAsync(stop);
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(stop))
                {
                    if (AnsweredId(item.Data) is { } id && awaitingStream.TryRemove(id, out var answer))
                    {
                        var data = Encoding.UTF8.GetBytes(item.Data);
                        answer.TrySetResult(Outcome(IsToolSuccess(data), data));
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
    }

    private static long? AnsweredId(string data)
    {
        try
        {
            using var message = JsonDocument.Parse(data);
            return message.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt64() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<HttpResponseMessage> PostAsync(string json, string? idempotencyKey, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = Json;
        AddHeaders(request, idempotencyKey);
        return await http.SendAsync(request, cancel);
    }

    private void AddHeaders(HttpRequestMessage request, string? idempotencyKey)
    {
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", ProtocolVersion);
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        if (session is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", session);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
    }

    // A POST may be answered as JSON or as an SSE stream whose data line is the JSON-RPC message.
    private static string JsonPayload(string body)
    {
        var trimmed = body.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            return trimmed;
        }

        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith("data:", StringComparison.Ordinal) && line.Contains("\"jsonrpc\"", StringComparison.Ordinal))
            {
                return line[5..].Trim();
            }
        }

        throw new InvalidOperationException("No JSON-RPC message in: " + body);
    }
}
