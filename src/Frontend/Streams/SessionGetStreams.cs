using McpPlatform.Contracts.Sessions;
using McpPlatform.Frontend.Draining;
using McpPlatform.Frontend.Mcp;
using McpPlatform.Frontend.Sessions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Frontend.Streams;

/// <summary>
/// Serves the GET stream of initialize-based sessions (server-to-client messages) on any frontend, in place of the
/// SDK's, which is tied to the process that first opened it. The stream's position is the tenant's tool-list version
/// (see <see cref="StreamEventIds"/>): a client that reconnects with <c>Last-Event-ID</c> — here or on another
/// frontend — is told about any tool change it missed while disconnected.
/// </summary>
public sealed partial class SessionGetStreams(
    ToolChangeListeners listeners,
    TenantToolCache tools,
    IClusterClient cluster,
    IOptionsMonitor<McpEndpointOptions> options,
    DrainSignal drain,
    ILogger<SessionGetStreams> logger)
{
    private const string LastEventIdHeader = "Last-Event-ID";

    private static readonly string ListChangedJson =
        $$"""{"jsonrpc":"2.0","method":"{{NotificationMethods.ToolListChangedNotification}}"}""";

    public async Task ServeAsync(HttpContext context, string sessionId, string tenantId, string principalId, string negotiatedVersion)
    {
        if (!context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase)
            || a.MediaType.Equals("*/*", StringComparison.Ordinal)))
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status406NotAcceptable, JsonRpcErrorResponse.InvalidRequest,
                "Not Acceptable: the GET stream is text/event-stream; send 'Accept: text/event-stream'.");
            return;
        }

        using var listener = listeners.Listen(tenantId, sessionId);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, drain.StreamsClosing);
        var settings = options.CurrentValue;
        var sse = new SseResponse(context.Response);
        var ids = new StreamEventIds();
        context.Response.Headers[McpHeaders.SessionId] = sessionId;
        sse.Start();
        try
        {
            // Listening started before the version is read, so a change in between is not lost (at worst told twice).
            var announced = (await tools.GetAsync(tenantId)).Version;
            string? lastEventId = context.Request.Headers[LastEventIdHeader];
            if (McpHeaders.SupportsPrimingEvents(negotiatedVersion))
            {
                await sse.WriteEventAsync(ids.Next(announced), json: null, stop.Token);
            }
            else
            {
                await sse.FlushAsync(stop.Token);
            }

            // A resumed stream missed what happened while it was away; an id we cannot read means we cannot tell.
            if (!string.IsNullOrEmpty(lastEventId) && !(StreamEventIds.ToolsVersionOf(lastEventId) >= announced))
            {
                await sse.WriteEventAsync(ids.Next(announced), ListChangedJson, stop.Token);
                LogResumed(logger, sessionId, lastEventId);
            }

            var touchEvery = TouchInterval(settings.SessionIdleTimeout);
            var nextTouch = DateTime.UtcNow + touchEvery;
            while (true)
            {
                // Wake for the next touch too, not only for keep-alives: with a short idle timeout a late touch ends the session.
                var untilTouch = nextTouch - DateTime.UtcNow;
                var wait = untilTouch < settings.StreamKeepAliveInterval ? TimeSpan.FromTicks(Math.Max(untilTouch.Ticks, TimeSpan.FromMilliseconds(50).Ticks)) : settings.StreamKeepAliveInterval;
                if (!await WaitForChangeAsync(listener, wait, stop.Token))
                {
                    if (listener.Versions.Completion.IsCompleted)
                    {
                        return; // replaced by a newer stream of this session, session ended, or shutdown
                    }

                    await sse.WriteKeepAliveAsync(stop.Token);
                }

                var newest = announced;
                while (listener.Versions.TryRead(out var version))
                {
                    newest = Math.Max(newest, version);
                }

                if (newest > announced)
                {
                    announced = newest;
                    await sse.WriteEventAsync(ids.Next(announced), ListChangedJson, stop.Token);
                }

                // An open stream is activity: the session does not expire under a connected client.
                if (DateTime.UtcNow >= nextTouch)
                {
                    nextTouch = DateTime.UtcNow + touchEvery;
                    if (await cluster.GetGrain<IMcpSessionGrain>(sessionId).ConfirmAsync(tenantId, principalId) is null)
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client went away, or this frontend is stopping: the client reconnects, here or elsewhere.
        }
    }

    /// <returns>True when a change arrived; false on keep-alive time or when the stream must close.</returns>
    private static async Task<bool> WaitForChangeAsync(ToolChangeListener listener, TimeSpan keepAlive, CancellationToken stop)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
        wait.CancelAfter(keepAlive);
        try
        {
            return await listener.Versions.WaitToReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return false;
        }
    }

    // A quarter of the idle timeout leaves room for a busy machine; at most five minutes, at least half a second.
    private static TimeSpan TouchInterval(TimeSpan idleTimeout) =>
        TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(500).Ticks, TimeSpan.FromMinutes(5).Ticks));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} resumed its GET stream from event {LastEventId}")]
    private static partial void LogResumed(ILogger logger, string sessionId, string lastEventId);
}
