using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>One server-sent event as a client sees it.</summary>
public sealed record SseEvent(string? Id, string? Type, string Data);

/// <summary>Reads an open <c>text/event-stream</c> response event by event, the way an MCP client does.</summary>
public sealed class SseEvents : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;
    private readonly Channel<SseEvent> events = Channel.CreateUnbounded<SseEvent>();
    private readonly Task pump;

    private SseEvents(HttpResponseMessage response, Stream body)
    {
        this.response = response;
        reader = new StreamReader(body, Encoding.UTF8);
        pump = Task.Run(PumpAsync);
    }

    public int Status => (int)response.StatusCode;

    /// <summary>Opens a session's GET stream (optionally resuming after <paramref name="lastEventId"/>).</summary>
    public static async Task<SseEvents> OpenGetAsync(HttpClient http, string tenant, string key, string sessionId, string protocolVersion, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/t/{tenant}/mcp");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("Mcp-Session-Id", sessionId);
        request.Headers.Add("MCP-Protocol-Version", protocolVersion);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return await SendAsync(http, request);
    }

    public static async Task<SseEvents> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseEvents(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event (comments skipped); null when the stream ended or nothing came within <paramref name="timeout"/>.</summary>
    public async Task<SseEvent?> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await events.Reader.WaitToReadAsync(cancel.Token) && events.Reader.TryRead(out var next) ? next : null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>True when the server ends the stream within <paramref name="timeout"/> (events before the end are skipped).</summary>
    public async Task<bool> EndsWithinAsync(TimeSpan timeout) =>
        await Task.WhenAny(pump, Task.Delay(timeout)) == pump;

    /// <summary>Reads the stream in the background, so a timed-out wait never cancels (and breaks) a read.</summary>
    private async Task PumpAsync()
    {
        string? id = null, type = null;
        var data = new StringBuilder();
        var any = false;
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.Length == 0)
                {
                    if (any)
                    {
                        events.Writer.TryWrite(new SseEvent(id, type, data.ToString()));
                    }

                    (id, type, any) = (null, null, false);
                    data.Clear();
                    continue;
                }

                if (line.StartsWith(':'))
                {
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                any = true;
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": type = value; break;
                    case "data": data.Append(data.Length > 0 ? "\n" : "").Append(value); break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The stream was cut: that ends it as well.
        }
        finally
        {
            events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        response.Dispose();
        await Task.WhenAny(pump, Task.Delay(TimeSpan.FromSeconds(5)));
        reader.Dispose();
    }
}
