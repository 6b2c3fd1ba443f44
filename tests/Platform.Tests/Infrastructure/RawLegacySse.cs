using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A 2024-11-05 HTTP+SSE session driven by hand: the stream at <c>/t/{tenant}/sse</c>, read event by event, and raw
/// POSTs to its message URL — for what an SDK client would hide (status codes, error bodies, keep-alive comments).
/// </summary>
public sealed class RawLegacySse : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly Channel<(string Type, string Data)> events = Channel.CreateUnbounded<(string, string)>();
    private readonly CancellationTokenSource closing = new();
    private readonly HttpClient http;
    private HttpResponseMessage? response;
    private Task? reading;
    private int comments;

    private RawLegacySse(HttpClient http) => this.http = http;

    /// <summary>The message URL from the endpoint event (path and query).</summary>
    public string MessageUrl { get; private set; } = "";

    public string SessionId => MessageUrl[(MessageUrl.IndexOf("sessionId=", StringComparison.Ordinal) + "sessionId=".Length)..];

    /// <summary>Comment lines (keep-alives) seen on the stream so far.</summary>
    public int Comments => Volatile.Read(ref comments);

    public static async Task<RawLegacySse> OpenAsync(HttpClient http, string tenant, string key)
    {
        var sse = new RawLegacySse(http);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/t/{tenant}/sse");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        sse.response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(sse.response.IsSuccessStatusCode, $"GET /sse: {(int)sse.response.StatusCode}");
        Assert.Equal("text/event-stream", sse.response.Content.Headers.ContentType?.MediaType);
        sse.reading = sse.ReadAsync(await sse.response.Content.ReadAsStreamAsync());
        var endpoint = await sse.NextEventAsync();
        Assert.Equal("endpoint", endpoint.Type);
        sse.MessageUrl = endpoint.Data;
        return sse;
    }

    /// <summary>Initializes the session the way a 2024-11-05 client does.</summary>
    public async Task InitializeAsync(string key)
    {
        Assert.Equal(202, (await PostAsync(key, """{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"raw-sse","version":"1"}}}""")).Status);
        var answer = await NextMessageAsync();
        Assert.Equal("init", answer.GetProperty("id").GetString());
        Assert.Equal("2024-11-05", answer.GetProperty("result").GetProperty("protocolVersion").GetString());
        Assert.Equal(202, (await PostAsync(key, """{"jsonrpc":"2.0","method":"notifications/initialized"}""")).Status);
    }

    /// <summary>POSTs a body to the message URL, or to <paramref name="url"/> (another tenant's, another session's).</summary>
    public async Task<(int Status, string Body)> PostAsync(string key, string json, string? url = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url ?? MessageUrl)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var answer = await http.SendAsync(request);
        return ((int)answer.StatusCode, await answer.Content.ReadAsStringAsync());
    }

    /// <summary>The next JSON-RPC message the server sent on the stream.</summary>
    public async Task<JsonElement> NextMessageAsync()
    {
        var next = await NextEventAsync();
        Assert.Equal("message", next.Type);
        return JsonDocument.Parse(next.Data).RootElement.Clone();
    }

    /// <summary>True when the server sent nothing more within <paramref name="quiet"/>.</summary>
    public async Task<bool> StaysQuietAsync(TimeSpan quiet)
    {
        using var timeout = new CancellationTokenSource(quiet);
        try
        {
            await events.Reader.WaitToReadAsync(timeout.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>True once the server has closed the stream.</summary>
    public async Task<bool> ClosedByServerAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (await events.Reader.WaitToReadAsync(timeout.Token))
            {
                events.Reader.TryRead(out _);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<(string Type, string Data)> NextEventAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        return await events.Reader.ReadAsync(timeout.Token);
    }

    private async Task ReadAsync(Stream stream)
    {
        try
        {
            using var reader = new StreamReader(stream);
            string? type = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(closing.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        events.Writer.TryWrite((type ?? "message", data.ToString()));
                    }

                    (type, data) = (null, new StringBuilder());
                }
                else if (line.StartsWith(':'))
                {
                    Interlocked.Increment(ref comments);
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    type = line["event:".Length..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(line["data:".Length..].TrimStart());
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            events.Writer.TryComplete();
        }
    }

    /// <summary>Closes the stream, as a client that goes away.</summary>
    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        response?.Dispose();
        if (reading is not null)
        {
            await reading;
        }

        closing.Dispose();
    }
}
