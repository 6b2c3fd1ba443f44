using System.Text.Json.Nodes;
using McpPlatform.Frontend.Draining;
using McpPlatform.Frontend.Mcp;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Frontend.Streams;

/// <summary>
/// <c>subscriptions/listen</c> for 2026-07-28 clients, which have no sessions and no GET stream: the request's own
/// response stays open and carries <c>notifications/tools/list_changed</c>, tagged with the subscription id (the
/// listen request's id), until the client closes it. The SDK's built-in handler grants nothing on sessionless HTTP.
/// </summary>
public static class ToolChangeSubscriptions
{
    public static async ValueTask<EmptyResult> ListenAsync(RequestContext<SubscriptionsListenRequestParams> context, CancellationToken cancellationToken)
    {
        var services = context.Services!;
        var tenant = McpEndpoints.TenantOf(context);
        var wantsTools = context.Params?.Notifications?.ToolsListChanged == true;
        var subscriptionId = context.JsonRpcRequest.Id;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, services.GetRequiredService<DrainSignal>().StreamsClosing);
        using var listener = services.GetRequiredService<ToolChangeListeners>().Listen(tenant, sessionId: null);

        var granted = new SubscriptionsListenNotifications { ToolsListChanged = wantsTools ? true : null };
        var ack = System.Text.Json.JsonSerializer.SerializeToNode(new SubscriptionsAcknowledgedNotificationParams { Notifications = granted },
            ModelContextProtocol.McpJsonUtilities.DefaultOptions)!.AsObject();
        await SendAsync(context, NotificationMethods.SubscriptionsAcknowledgedNotification, Tagged(ack, subscriptionId), stop.Token);

        try
        {
            while (await listener.Versions.WaitToReadAsync(stop.Token))
            {
                while (listener.Versions.TryRead(out _))
                {
                    // Several changes in a row need one notification: the client lists tools again either way.
                }

                if (wantsTools)
                {
                    await SendAsync(context, NotificationMethods.ToolListChangedNotification, Tagged([], subscriptionId), stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // This frontend is stopping: answering ends the subscription, and the client listens again elsewhere.
        }

        return new EmptyResult();
    }

    private static Task SendAsync(RequestContext<SubscriptionsListenRequestParams> context, string method, JsonObject parameters, CancellationToken cancellationToken) =>
        // The request-bound server writes to this request's own response stream.
        context.Server.SendMessageAsync(new JsonRpcNotification { Method = method, Params = parameters }, cancellationToken);

    private static JsonObject Tagged(JsonObject parameters, RequestId subscriptionId)
    {
        parameters["_meta"] = new JsonObject
        {
            [MetaKeys.SubscriptionId] = subscriptionId.Id switch
            {
                string text => JsonValue.Create(text),
                long number => JsonValue.Create(number),
                _ => null,
            },
        };
        return parameters;
    }
}
