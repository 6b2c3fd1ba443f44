using System.Text.Json;
using McpPlatform.Contracts.Notifications;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// Lets <c>notifications/cancelled</c> reach a tool call running on another frontend: a session's requests may be
/// spread over frontends by the load balancer, and the SDK only cancels what its own process runs.
/// </summary>
public static class CancellationFanOut
{
    public static McpMessageHandler Filter(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcNotification { Method: NotificationMethods.CancelledNotification } notification
            && context.Server.SessionId is { } sessionId
            && RequestIdOf(notification) is { } requestId
            && context.Services is { } services
            && !services.GetRequiredService<InFlightCalls>().TryCancel(sessionId, requestId))
        {
            // Not running here: every frontend looks for it (one-way; cancellations are rare and small).
            _ = services.GetRequiredService<IClusterClient>().GetGrain<IFrontendDirectoryGrain>(IFrontendDirectoryGrain.SingletonKey)
                .PublishCallCancelledAsync(sessionId, requestId);
        }

        await next(context, cancellationToken);
    };

    /// <summary>The same text <see cref="RequestId.ToString"/> gives for the request being cancelled.</summary>
    private static string? RequestIdOf(JsonRpcNotification notification)
    {
        try
        {
            return notification.Params?.Deserialize<CancelledNotificationParams>(ModelContextProtocol.McpJsonUtilities.DefaultOptions)?.RequestId.ToString();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
