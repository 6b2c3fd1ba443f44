using System.Buffers.Text;
using System.Security.Cryptography;
using McpPlatform.Contracts.Notifications;
using McpPlatform.Contracts.Sessions;
using McpPlatform.Frontend.Draining;
using McpPlatform.Frontend.Mcp;
using McpPlatform.Frontend.Sessions;
using McpPlatform.Frontend.Streams;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace McpPlatform.Frontend.LegacySse;

/// <summary>
/// <c>GET /t/{tenant}/sse</c>: a 2024-11-05 HTTP+SSE session. The response is the session's stream, and this frontend
/// runs its MCP server (the same handlers as Streamable HTTP) for as long as the stream is open. The session is
/// recorded in its grain, so the client's POSTs may land on any frontend; when the stream closes, the session ends.
/// </summary>
public sealed partial class LegacySseStreams(
    IClusterClient cluster,
    FrontendNotifications frontend,
    LegacySseSessions sessions,
    LocalSessions localSessions,
    IOptionsFactory<McpServerOptions> serverOptions,
    IOptionsMonitor<McpEndpointOptions> options,
    DrainSignal drain,
    ILoggerFactory loggerFactory,
    ILogger<LegacySseStreams> logger)
{
    private static readonly TimeSpan EndTimeout = TimeSpan.FromSeconds(5);

    /// <summary>This frontend as the session grains reach it: the same observer that hears tool-list changes.</summary>
    private readonly Lazy<IFrontendObserver> holder = new(() => cluster.CreateObjectReference<IFrontendObserver>(frontend));

    public async Task StreamAsync(HttpContext context)
    {
        var tenant = GrainSessionMigrationHandler.TenantOf(context);
        var principal = GrainSessionMigrationHandler.PrincipalOf(context.User);
        var sessionId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var grain = cluster.GetGrain<ILegacySseSessionGrain>(sessionId);
        if (!await grain.StartAsync(new LegacySseSessionStart { TenantId = tenant, PrincipalId = principal, Holder = holder.Value }))
        {
            throw new InvalidOperationException($"Legacy SSE session id clash ({sessionId}); 128 random bits should never collide.");
        }

        try
        {
            await RunAsync(context, tenant, principal, sessionId, grain);
        }
        finally
        {
            try
            {
                await grain.EndAsync().WaitAsync(EndTimeout);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The tombstone is what makes late POSTs 404 everywhere; without it they reach this frontend, which
                // has no stream any more, and the grain ends the session then.
                LogEndFailed(logger, sessionId, e.Message);
            }
        }
    }

    private async Task RunAsync(HttpContext context, string tenant, string principal, string sessionId, ILegacySseSessionGrain grain)
    {
        // A stopping frontend closes the stream once the calls in flight have answered on it (FrontendDrain).
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, drain.StreamsClosing);
        new SseResponse(context.Response).Start();
        var output = new SseOutputStream(context.Response.Body);
        var messageEndpoint = $"{context.Request.PathBase}/t/{Uri.EscapeDataString(tenant)}/message?{LegacySseMessages.SessionIdParameter}={sessionId}";
        var transport = new SseResponseStreamTransport(output, messageEndpoint, sessionId);
        var session = new LegacySseSession(sessionId, tenant, principal, context.User, transport, closed.Token);
        sessions.Add(session);
        var streaming = transport.RunAsync(closed.Token); // writes the endpoint event first
        var keepAlive = KeepAliveAsync(output, grain, sessionId, closed);
        try
        {
            await using var server = McpServer.Create(transport, serverOptions.Create(Options.DefaultName), loggerFactory, context.RequestServices);
            // Listed with the other sessions of this frontend, so tool-list changes reach this stream too.
            await localSessions.RunAsync(tenant, server, closed.Token);
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
            // The client went away, the session ended in the cluster, or the frontend is stopping.
        }
        finally
        {
            sessions.Remove(session);
            await closed.CancelAsync();
            await transport.DisposeAsync();
            await Task.WhenAll(Quietly(streaming), keepAlive);
        }
    }

    /// <summary>Until the stream closes: a comment now and then, and the holder's heartbeat to the session grain.</summary>
    private async Task KeepAliveAsync(SseOutputStream output, ILegacySseSessionGrain grain, string sessionId, CancellationTokenSource closed)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.StreamKeepAliveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(closed.Token))
            {
                await output.WriteKeepAliveAsync(closed.Token);
                bool live;
                try
                {
                    live = await grain.RenewAsync(holder.Value);
                }
                catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
                {
                    // The cluster is briefly unreachable; the stream itself is fine.
                    LogRenewFailed(logger, sessionId, e.Message);
                    continue;
                }

                if (!live)
                {
                    LogEndedElsewhere(logger, sessionId);
                    await closed.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The client is gone; the request's abort closes the rest.
            await closed.CancelAsync();
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Legacy SSE session {SessionId}: could not record its end in the cluster: {Reason}")]
    private static partial void LogEndFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Legacy SSE session {SessionId}: heartbeat to the cluster failed (retrying): {Reason}")]
    private static partial void LogRenewFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Legacy SSE session {SessionId} ended in the cluster; closing its stream")]
    private static partial void LogEndedElsewhere(ILogger logger, string sessionId);
}
