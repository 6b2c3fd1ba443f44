using McpPlatform.Contracts.Notifications;
using McpPlatform.Grains.Hosting;

namespace McpPlatform.Grains.Notifications;

public sealed class FrontendDirectoryState
{
    /// <summary>The subscribed frontends' observer ids (<see cref="GrainId"/> as text).</summary>
    public List<string> Frontends { get; set; } = [];
}

/// <summary>
/// The live frontends. Their observer ids are stored, so when this grain's silo dies and the grain comes back on
/// another, it reaches the same frontends at once instead of waiting for their next renewal (notifications would be
/// lost in between). Renewal times are kept in memory only: a reloaded frontend counts as renewed on load, and one
/// that has died drops out after <see cref="IFrontendDirectoryGrain.SubscriptionLifetime"/>.
/// </summary>
public sealed class FrontendDirectoryGrain(
    [PersistentState("frontend-directory", StorageNames.Platform)] IPersistentState<FrontendDirectoryState> state,
    TimeProvider clock) : Grain, IFrontendDirectoryGrain
{
    private readonly Dictionary<IFrontendObserver, DateTimeOffset> frontends = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var id in state.State.Frontends)
        {
            frontends[GrainFactory.GetGrain<IFrontendObserver>(GrainId.Parse(id))] = now;
        }

        return Task.CompletedTask;
    }

    public async Task SubscribeAsync(IFrontendObserver frontend)
    {
        var known = frontends.ContainsKey(frontend);
        frontends[frontend] = clock.GetUtcNow();
        if (!known)
        {
            await SaveAsync();
        }
    }

    public async Task UnsubscribeAsync(IFrontendObserver frontend)
    {
        if (frontends.Remove(frontend))
        {
            await SaveAsync();
        }
    }

    public Task PublishToolsChangedAsync(string tenantId, long version) =>
        BroadcastAsync(frontend => frontend.ToolsChanged(tenantId, version));

    public async Task PublishSessionEndedAsync(string sessionId)
    {
        // No pruning here: this method interleaves with the others, and pruning writes state.
        var deliveries = frontends.Keys.Select(frontend => frontend.SessionEnded(sessionId)).ToList();
        try
        {
            await Task.WhenAll(deliveries).WaitAsync(IFrontendDirectoryGrain.SessionEndDeliveryTimeout);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A dead or slow frontend: the others have been told; its confirmations expire on their own.
        }
    }

    public Task PublishCallCancelledAsync(string sessionId, string requestId) =>
        BroadcastAsync(frontend => frontend.CallCancelled(sessionId, requestId));

    private async Task BroadcastAsync(Func<IFrontendObserver, Task> send)
    {
        var cutoff = clock.GetUtcNow() - IFrontendDirectoryGrain.SubscriptionLifetime;
        var forgotten = false;
        foreach (var (frontend, renewed) in frontends.ToList())
        {
            if (renewed < cutoff)
            {
                frontends.Remove(frontend);
                forgotten = true;
                continue;
            }

            // One-way: a slow or dead frontend must not hold up the others.
            _ = send(frontend);
        }

        if (forgotten)
        {
            await SaveAsync();
        }
    }

    private Task SaveAsync()
    {
        state.State.Frontends = frontends.Keys.Select(f => f.GetGrainId().ToString()).Order(StringComparer.Ordinal).ToList();
        return state.WriteStateAsync();
    }
}
