using McpPlatform.Contracts.RateLimiting;
using McpPlatform.Contracts.Registry;
using McpPlatform.Contracts.Tenants;
using McpPlatform.Grains.Hosting;

namespace McpPlatform.Grains.Tenants;

public sealed class TenantGrain(
    [PersistentState("tenant", StorageNames.Platform)] IPersistentState<TenantState> state,
    TimeProvider clock) : Grain, ITenantGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    private IToolRegistryGrain Registry => GrainFactory.GetGrain<IToolRegistryGrain>(TenantId);

    /// <summary>Holds the tenant's budgets in memory; told whenever the limits change, reads them when it starts.</summary>
    private IRateLimitGrain RateLimiter => GrainFactory.GetGrain<IRateLimitGrain>(TenantId);

    private TenantInfo Info() => new(TenantId, state.State.DisplayName, state.State.CreatedAt, state.State.MaxToolNameLength, state.State.RateLimits,
        state.State.Auth ?? TenantAuthSettings.Default);

    public Task<TenantInfo?> GetAsync() => Task.FromResult(state.State.Exists ? Info() : null);

    public async Task<bool> CreateAsync(TenantSettings settings)
    {
        if (state.State.Exists)
        {
            return false;
        }

        // The registry applies the name limit together with the tools it shapes; it is empty now, so this cannot conflict.
        await Registry.RebuildAllAsync(settings.MaxToolNameLength);
        await ApplyAccessRulesAsync(settings.Auth);
        state.State = new TenantState
        {
            Exists = true,
            DisplayName = settings.DisplayName ?? TenantId,
            MaxToolNameLength = settings.MaxToolNameLength,
            RateLimits = settings.RateLimits,
            Auth = settings.Auth,
            CreatedAt = clock.GetUtcNow(),
        };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.SingletonKey).AddAsync(TenantId);
        await ApplyRateLimitsAsync(settings.RateLimits);
        return true;
    }

    public async Task<TenantUpdateOutcome> UpdateAsync(TenantSettings update)
    {
        if (!state.State.Exists)
        {
            return new TenantUpdateOutcome(TenantUpdateStatus.NotFound);
        }

        if (update.MaxToolNameLength is { } limit && limit != state.State.MaxToolNameLength)
        {
            var rebuilt = await Registry.RebuildAllAsync(limit);
            if (rebuilt.Status == RegistrationStatus.ToolNameConflict)
            {
                return new TenantUpdateOutcome(TenantUpdateStatus.ToolNameConflict, Info(), rebuilt.Error, rebuilt.ConflictingTools);
            }

            state.State.MaxToolNameLength = limit;
        }

        if (update.Auth is not null)
        {
            await ApplyAccessRulesAsync(update.Auth);
        }

        state.State.DisplayName = update.DisplayName ?? state.State.DisplayName;
        state.State.RateLimits = update.RateLimits ?? state.State.RateLimits;
        state.State.Auth = update.Auth ?? state.State.Auth;
        await state.WriteStateAsync();
        if (update.RateLimits is not null)
        {
            await ApplyRateLimitsAsync(state.State.RateLimits);
        }

        return new TenantUpdateOutcome(TenantUpdateStatus.Updated, Info());
    }

    public async Task<bool> DeleteAsync()
    {
        if (!state.State.Exists)
        {
            return false;
        }

        // Registrations (and with them the access rules) go first: a half-deleted tenant must not leave tools reachable.
        await Registry.ClearAsync();
        await state.ClearStateAsync();
        state.State = new TenantState();
        await GrainFactory.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.SingletonKey).RemoveAsync(TenantId);
        await ApplyRateLimitsAsync(null);
        return true;
    }

    /// <summary>
    /// The registry keeps the access rules with the tools they filter. Told before the tenant's state is written, so a
    /// refused or failed change leaves the tenant as it was (the same order as the tool-name limit).
    /// </summary>
    private Task ApplyAccessRulesAsync(TenantAuthSettings? auth) => Registry.ApplyAccessRulesAsync(auth?.OAuth?.Access ?? []);

    /// <summary>The limiter holds the budgets; the registry only needs to know whether to ask it.</summary>
    private async Task ApplyRateLimitsAsync(TenantRateLimits? limits)
    {
        await RateLimiter.ApplyAsync(limits);
        await Registry.ApplyRateLimitsAsync(limits);
    }

    public async Task<CreatedApiKey?> CreateKeyAsync(string name, ApiKeyRole role)
    {
        if (!state.State.Exists)
        {
            return null;
        }

        var id = SecretHasher.NewId();
        var secret = SecretHasher.NewSecret();
        var (salt, hash) = SecretHasher.Hash(secret);
        var stored = new StoredApiKey { Id = id, Name = name, Role = role, Salt = salt, Hash = hash, CreatedAt = clock.GetUtcNow() };
        state.State.Keys.Add(stored);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Keys.Remove(stored);
            throw;
        }

        return new CreatedApiKey(stored.ToInfo(), ApiKeyFormat.Format(TenantId, id, secret));
    }

    public Task<IReadOnlyList<ApiKeyInfo>?> ListKeysAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>?>(state.State.Exists ? state.State.Keys.Select(k => k.ToInfo()).ToList() : null);

    public async Task<bool> RevokeKeyAsync(string keyId)
    {
        var index = state.State.Keys.FindIndex(k => k.Id == keyId);
        if (!state.State.Exists || index < 0)
        {
            return false;
        }

        var removed = state.State.Keys[index];
        state.State.Keys.RemoveAt(index);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Keys.Insert(index, removed);
            throw;
        }

        return true;
    }

    public Task<TenantAuthSettings?> GetAuthAsync() => Task.FromResult(state.State.Exists ? state.State.Auth ?? TenantAuthSettings.Default : null);

    public Task<TenantRateLimits?> GetRateLimitsAsync() => Task.FromResult(state.State.Exists ? state.State.RateLimits : null);

    public Task<ApiKeyInfo?> VerifyKeyAsync(string keyId, string secret)
    {
        if (state.State.Exists)
        {
            foreach (var key in state.State.Keys)
            {
                if (key.Id == keyId)
                {
                    return Task.FromResult(SecretHasher.Verify(secret, key.Salt, key.Hash) ? key.ToInfo() : null);
                }
            }
        }

        return Task.FromResult<ApiKeyInfo?>(null);
    }
}
