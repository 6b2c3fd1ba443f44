using McpPlatform.Contracts.Notifications;
using McpPlatform.Frontend.Mcp;
using McpPlatform.Frontend.Streams;
using McpPlatform.Frontend.LegacySse;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Frontend.Sessions;

/// <summary>
/// This frontend's ear in the cluster: subscribed to the frontend directory (renewed periodically, since a
/// subscription is a reference to this process), it passes tool-list changes to the sessions running here.
/// </summary>
public sealed partial class FrontendNotifications(
    IClusterClient cluster, LocalSessions sessions, ToolChangeListeners listeners, InFlightCalls calls, LegacySseSessions legacySessions,
    TenantToolCache tools, ConfirmedSessions confirmed, ILogger<FrontendNotifications> logger)
    : BackgroundService, IFrontendObserver
{
    private IFrontendObserver? reference;

    /// <summary>Returns at once: the sessions are told in the background, so the cluster's one-way call is not held up.</summary>
    public Task ToolsChanged(string tenantId, long version)
    {
        listeners.ToolsChanged(tenantId, version);
        tools.ToolsChanged(tenantId, version);
        _ = NotifyAsync(tenantId);
        return Task.CompletedTask;
    }

    public Task SessionEnded(string sessionId)
    {
        confirmed.Forget(sessionId);
        listeners.SessionEnded(sessionId);
        return Task.CompletedTask;
    }

    public Task CallCancelled(string sessionId, string requestId)
    {
        calls.TryCancel(sessionId, requestId);
        return Task.CompletedTask;
    }

    /// <summary>A message another frontend accepted for a legacy SSE stream held here.</summary>
    public Task<bool> DeliverLegacySseMessage(string sessionId, byte[] messageJson) => legacySessions.DeliverAsync(sessionId, messageJson);

    private async Task NotifyAsync(string tenantId)
    {
        foreach (var server in sessions.OfTenant(tenantId))
        {
            try
            {
                await server.SendNotificationAsync(NotificationMethods.ToolListChangedNotification);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A session that just closed cannot be told; it will list tools afresh when it comes back.
                LogNotifyFailed(logger, tenantId, e.Message);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        reference = cluster.CreateObjectReference<IFrontendObserver>(this);
        var directory = cluster.GetGrain<IFrontendDirectoryGrain>(IFrontendDirectoryGrain.SingletonKey);
        using var timer = new PeriodicTimer(IFrontendDirectoryGrain.RenewEvery);
        do
        {
            try
            {
                await directory.SubscribeAsync(reference);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSubscribeFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        listeners.CloseAll();
        if (reference is not null)
        {
            try
            {
                await cluster.GetGrain<IFrontendDirectoryGrain>(IFrontendDirectoryGrain.SingletonKey).UnsubscribeAsync(reference);
                cluster.DeleteObjectReference<IFrontendObserver>(reference);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogSubscribeFailed(logger, e.Message);
            }
        }

        await base.StopAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not notify a session of tenant {TenantId}: {Reason}")]
    private static partial void LogNotifyFailed(ILogger logger, string tenantId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to cluster notifications (retrying): {Reason}")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);
}
