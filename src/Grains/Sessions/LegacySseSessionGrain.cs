using McpPlatform.Contracts.Notifications;
using McpPlatform.Contracts.Sessions;
using McpPlatform.Grains.Hosting;
using Microsoft.Extensions.Logging;

namespace McpPlatform.Grains.Sessions;

public sealed class LegacySseSessionState
{
    public bool Exists { get; set; }
    public string TenantId { get; set; } = "";
    public string PrincipalId { get; set; } = "";
    /// <summary>The holder frontend's observer id (a <see cref="GrainId"/> as text), to reach it after the grain moved.</summary>
    public string HolderId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set when the stream closed; the record stays as a tombstone.</summary>
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndReason { get; set; }
}

/// <summary>
/// The cluster's record of a 2024-11-05 HTTP+SSE session, and the relay from any frontend's POST to the frontend
/// that holds its stream. Calls are not interleaved (except the holder's heartbeat), so a session's messages reach
/// its server in the order their POSTs were accepted.
/// </summary>
/// <remarks>
/// The holder's heartbeat keeps the grain in memory while the stream is open; an ended session's grain leaves
/// memory at once, its tombstone stays in the database.
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class LegacySseSessionGrain(
    [PersistentState(LegacySseSessionGrain.StateName, StorageNames.Platform)] IPersistentState<LegacySseSessionState> state,
    TimeProvider clock,
    ILogger<LegacySseSessionGrain> logger) : Grain, ILegacySseSessionGrain
{
    /// <summary>The name its record is stored under (the retention sweeper finds ended records by it).</summary>
    public const string StateName = "mcp-legacy-sse-session";

    private IFrontendObserver? holder;

    private bool IsLive => state.State is { Exists: true, EndedAt: null };

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (IsLive && state.State.HolderId.Length > 0)
        {
            holder = GrainFactory.GetGrain<IFrontendObserver>(GrainId.Parse(state.State.HolderId));
        }

        return Task.CompletedTask;
    }

    public async Task<bool> StartAsync(LegacySseSessionStart start)
    {
        if (state.State.Exists)
        {
            return false;
        }

        state.State = new LegacySseSessionState
        {
            Exists = true,
            TenantId = start.TenantId,
            PrincipalId = start.PrincipalId,
            HolderId = start.Holder.GetGrainId().ToString(),
            CreatedAt = clock.GetUtcNow(),
        };
        await state.WriteStateAsync();
        holder = start.Holder;
        return true;
    }

    public async Task<LegacySseDelivery> DeliverAsync(string tenantId, string principalId, byte[] messageJson)
    {
        if (!IsLive || !BelongsTo(tenantId, principalId))
        {
            return LegacySseDelivery.NotFound;
        }

        bool taken;
        try
        {
            taken = holder is not null
                && await holder.DeliverLegacySseMessage(this.GetPrimaryKeyString(), messageJson).WaitAsync(ILegacySseSessionGrain.DeliveryTimeout);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The holder died, left the cluster or is stuck: its stream is as good as gone.
            LogHolderUnreachable(logger, this.GetPrimaryKeyString(), e.Message);
            taken = false;
        }

        if (!taken)
        {
            await EndAsync("the holder frontend no longer has the stream");
            return LegacySseDelivery.NotFound;
        }

        return LegacySseDelivery.Delivered;
    }

    public Task<bool> RenewAsync(IFrontendObserver from)
    {
        if (!IsLive)
        {
            return Task.FromResult(false);
        }

        holder = from;
        return Task.FromResult(true);
    }

    public Task EndAsync() => IsLive ? EndAsync("stream closed") : Task.CompletedTask;

    private bool BelongsTo(string tenantId, string principalId) =>
        string.Equals(state.State.TenantId, tenantId, StringComparison.Ordinal)
        && string.Equals(state.State.PrincipalId, principalId, StringComparison.Ordinal);

    private async Task EndAsync(string reason)
    {
        state.State.EndedAt = clock.GetUtcNow();
        state.State.EndReason = reason;
        holder = null;
        await state.WriteStateAsync();
        DeactivateOnIdle();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Legacy SSE session {SessionId} ends: its holder frontend could not take a message: {Reason}")]
    private static partial void LogHolderUnreachable(ILogger logger, string sessionId, string reason);
}
