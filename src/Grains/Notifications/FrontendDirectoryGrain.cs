using McpPlatform.Contracts.Notifications;

namespace McpPlatform.Grains.Notifications;

/// <summary>
/// Keeps the frontends' observer references in memory only: they point at live processes, so after a silo loss the
/// frontends' periodic renewal rebuilds the set within <see cref="IFrontendDirectoryGrain.RenewEvery"/>.
/// </summary>
public sealed class FrontendDirectoryGrain(TimeProvider clock) : Grain, IFrontendDirectoryGrain
{
    private readonly Dictionary<IFrontendObserver, DateTimeOffset> frontends = [];

    public Task SubscribeAsync(IFrontendObserver frontend)
    {
        frontends[frontend] = clock.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IFrontendObserver frontend)
    {
        frontends.Remove(frontend);
        return Task.CompletedTask;
    }

    public Task PublishToolsChangedAsync(string tenantId, long version) =>
        Broadcast(frontend => frontend.ToolsChanged(tenantId, version));

    public Task PublishSessionEndedAsync(string sessionId) =>
        Broadcast(frontend => frontend.SessionEnded(sessionId));

    public Task PublishCallCancelledAsync(string sessionId, string requestId) =>
        Broadcast(frontend => frontend.CallCancelled(sessionId, requestId));

    private Task Broadcast(Func<IFrontendObserver, Task> send)
    {
        var cutoff = clock.GetUtcNow() - IFrontendDirectoryGrain.SubscriptionLifetime;
        foreach (var (frontend, renewed) in frontends.ToList())
        {
            if (renewed < cutoff)
            {
                frontends.Remove(frontend);
                continue;
            }

            // One-way: a slow or dead frontend must not hold up the others.
            _ = send(frontend);
        }

        return Task.CompletedTask;
    }
}
