using McpPlatform.Contracts.Results;
using McpPlatform.Grains.Hosting;

namespace McpPlatform.Grains.Results;

public sealed class StoredResponseState
{
    public StoredResponse? Response { get; set; }
}

/// <summary>
/// Keeps one large response in the system of record (so any silo can serve it after a move) and drops it when it
/// expires. The body is not kept in memory between reads: a stored response costs storage, not silo memory.
/// </summary>
public sealed class StoredResponseGrain(
    [PersistentState(StoredResponseGrain.StateName, StorageNames.Platform)] IPersistentState<StoredResponseState> state,
    TimeProvider clock) : Grain, IStoredResponseGrain
{
    /// <summary>The name its record is stored under (the retention sweeper finds ended records by it).</summary>
    public const string StateName = "stored-response";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Response is { } response)
        {
            if (response.ExpiresAt <= clock.GetUtcNow())
            {
                await state.ClearStateAsync();
                return;
            }

            ScheduleExpiry(response.ExpiresAt);
            ForgetBody();
        }
    }

    public async Task<bool> StoreAsync(StoredResponse response)
    {
        if (state.RecordExists)
        {
            return false;
        }

        state.State.Response = response;
        await state.WriteStateAsync();
        ScheduleExpiry(response.ExpiresAt);
        ForgetBody();
        return true;
    }

    public async Task<StoredResponse?> ReadAsync(string tenantId)
    {
        if (!state.RecordExists)
        {
            return null;
        }

        await state.ReadStateAsync();
        var response = state.State.Response;
        ForgetBody();
        return response is not null
            && string.Equals(response.TenantId, tenantId, StringComparison.Ordinal)
            && response.ExpiresAt > clock.GetUtcNow()
            ? response
            : null;
    }

    /// <summary>The stored copy is the one that counts; memory keeps only whether it exists.</summary>
    private void ForgetBody() => state.State = new StoredResponseState();

    /// <remarks>
    /// The timer keeps the (small, body-less) activation alive until expiry. If its silo dies first, the row stays
    /// until the next read of that id, which finds it expired and removes it.
    /// </remarks>
    private void ScheduleExpiry(DateTimeOffset expiresAt)
    {
        var due = expiresAt - clock.GetUtcNow();
        this.RegisterGrainTimer(async () =>
        {
            await state.ClearStateAsync();
            DeactivateOnIdle();
        }, new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }
}
