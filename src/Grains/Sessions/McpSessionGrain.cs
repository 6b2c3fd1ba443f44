using McpPlatform.Contracts.Notifications;
using McpPlatform.Contracts.Sessions;
using McpPlatform.Grains.Hosting;

namespace McpPlatform.Grains.Sessions;

public sealed class McpSessionState
{
    public bool Exists { get; set; }
    public string TenantId { get; set; } = "";
    public string PrincipalId { get; set; } = "";
    public string InitializeParamsJson { get; set; } = "";
    public string NegotiatedProtocolVersion { get; set; } = "";
    public string? LogLevel { get; set; }
    public TimeSpan IdleTimeout { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastActivity { get; set; }
    /// <summary>Set when the session ended (deleted or expired); the record stays as a tombstone.</summary>
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndReason { get; set; }
}

/// <remarks>
/// An idle session's grain leaves memory after a couple of minutes (<see cref="ClusterSettings.SessionGrainCollectionAge"/>;
/// its record stays in the database and the next request re-activates it), so thousands of idle sessions cost the
/// cluster storage, not memory. An idle session ends when a request finds it idle for longer than its timeout, not
/// on a timer (one per activation cost ~0.8 KB): with the default settings its grain has left memory
/// long before, and a session with an open GET stream is never idle (the stream confirms it regularly).
/// </remarks>
public sealed class McpSessionGrain(
    [PersistentState(McpSessionGrain.StateName, StorageNames.Platform)] IPersistentState<McpSessionState> state,
    TimeProvider clock) : Grain, IMcpSessionGrain
{
    /// <summary>The name its record is stored under (the retention sweeper finds ended records by it).</summary>
    public const string StateName = "mcp-session";

    public async Task<bool> StartAsync(McpSessionStart start)
    {
        if (state.State.Exists)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        state.State = new McpSessionState
        {
            Exists = true,
            TenantId = start.TenantId,
            PrincipalId = start.PrincipalId,
            InitializeParamsJson = start.InitializeParamsJson,
            NegotiatedProtocolVersion = start.NegotiatedProtocolVersion,
            IdleTimeout = start.IdleTimeout,
            CreatedAt = now,
            LastActivity = now,
        };
        await state.WriteStateAsync();
        return true;
    }

    public async Task<McpSessionSnapshot?> ValidateAsync(string tenantId, string principalId) =>
        await ConfirmAsync(tenantId, principalId) is null
            ? null
            : new McpSessionSnapshot(state.State.InitializeParamsJson, state.State.NegotiatedProtocolVersion, state.State.LogLevel);

    public async Task<string?> ConfirmAsync(string tenantId, string principalId)
    {
        if (!await IsLiveAsync() || !BelongsTo(tenantId, principalId))
        {
            return null;
        }

        // Activity is kept in memory; it is written only now and then, because a write per request would put the
        // database on the hot path. After a silo loss a session may therefore look idle a little earlier.
        var now = clock.GetUtcNow();
        var persistedActivity = state.State.LastActivity;
        state.State.LastActivity = now;
        if (now - persistedActivity > state.State.IdleTimeout / 4)
        {
            await state.WriteStateAsync();
        }

        return state.State.NegotiatedProtocolVersion;
    }

    public async Task<bool> EndAsync(string tenantId, string principalId)
    {
        if (!await IsLiveAsync() || !BelongsTo(tenantId, principalId))
        {
            return false;
        }

        await EndAsync("deleted by the client");
        return true;
    }

    public async Task SetLogLevelAsync(string level)
    {
        if (state.State is { Exists: true, EndedAt: null } && state.State.LogLevel != level)
        {
            state.State.LogLevel = level;
            await state.WriteStateAsync();
        }
    }

    private bool BelongsTo(string tenantId, string principalId) =>
        string.Equals(state.State.TenantId, tenantId, StringComparison.Ordinal)
        && string.Equals(state.State.PrincipalId, principalId, StringComparison.Ordinal);

    private async Task<bool> IsLiveAsync()
    {
        if (!state.State.Exists || state.State.EndedAt is not null)
        {
            return false;
        }

        if (clock.GetUtcNow() - state.State.LastActivity > state.State.IdleTimeout)
        {
            await EndAsync("idle for longer than " + state.State.IdleTimeout);
            return false;
        }

        return true;
    }

    private async Task EndAsync(string reason)
    {
        state.State.EndedAt = clock.GetUtcNow();
        state.State.EndReason = reason;
        await state.WriteStateAsync();
        // Frontends close the session's open streams; requests are already refused by this record.
        await GrainFactory.GetGrain<IFrontendDirectoryGrain>(IFrontendDirectoryGrain.SingletonKey).PublishSessionEndedAsync(this.GetPrimaryKeyString());
        DeactivateOnIdle();
    }
}
