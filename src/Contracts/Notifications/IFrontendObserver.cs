namespace McpPlatform.Contracts.Notifications;

/// <summary>A frontend, listening for what the cluster must tell every frontend (they hold the agents' streams).</summary>
public interface IFrontendObserver : IGrainObserver
{
    /// <summary>A tenant's tool set changed: tell its sessions (notifications/tools/list_changed).</summary>
    [OneWay]
    Task ToolsChanged(string tenantId, long version);

    /// <summary>
    /// A session ended (deleted or expired): forget its confirmation and close its streams held here. Answered, not
    /// one-way: the DELETE that ended the session returns once every frontend has heard of it.
    /// </summary>
    Task SessionEnded(string sessionId);

    /// <summary>A client cancelled one of its session's requests: abort it if it runs here.</summary>
    [OneWay]
    Task CallCancelled(string sessionId, string requestId);

    /// <summary>
    /// A message POSTed (to any frontend) for a legacy SSE session whose stream this frontend holds.
    /// True once the session's MCP server has it queued; false when this frontend has no such stream.
    /// </summary>
    /// <param name="messageJson">One JSON-RPC message as UTF-8 JSON.</param>
    Task<bool> DeliverLegacySseMessage(string sessionId, byte[] messageJson);
}

/// <summary>
/// The set of live frontends, for fan-out. Frontends subscribe and renew their subscription periodically; one that
/// stops renewing (died) is forgotten after <see cref="SubscriptionLifetime"/>. Key: <see cref="SingletonKey"/>.
/// </summary>
public interface IFrontendDirectoryGrain : IGrainWithStringKey
{
    const string SingletonKey = "all";

    static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromSeconds(90);
    static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);

    Task SubscribeAsync(IFrontendObserver frontend);

    Task UnsubscribeAsync(IFrontendObserver frontend);

    [OneWay]
    Task PublishToolsChangedAsync(string tenantId, long version);

    /// <summary>
    /// Tells every frontend, and returns once they all answered or <see cref="SessionEndDeliveryTimeout"/> passed (a
    /// frontend that did not answer forgets its confirmation within its cache time anyway). Interleaved, so a slow
    /// frontend does not hold up other notifications.
    /// </summary>
    [AlwaysInterleave]
    Task PublishSessionEndedAsync(string sessionId);

    static readonly TimeSpan SessionEndDeliveryTimeout = TimeSpan.FromSeconds(2);

    [OneWay]
    Task PublishCallCancelledAsync(string sessionId, string requestId);
}
