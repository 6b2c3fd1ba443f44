using McpPlatform.Contracts.RateLimiting;
using McpPlatform.Contracts.Tenants;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace McpPlatform.Grains.RateLimiting;

/// <summary>
/// Holds a tenant's budgets and its keys' budgets in memory. Its callers are the tenant's registry grain (one hop
/// per tool call, placed on the caller's silo when it can be) and the admin API. Checks never await, so the grain's
/// single thread makes check-and-take atomic: the count is exact cluster-wide.
/// </summary>
[PreferLocalPlacement]
public sealed class TenantRateLimitGrain(IOptions<RateLimitOptions> options) : Grain, IRateLimitGrain
{
    private const int KeysBeforeCleanup = 256;

    private readonly Dictionary<string, KeyBudgets> keys = new(StringComparer.Ordinal);
    private TenantRateLimits limits = TenantRateLimits.None;
    private MinuteBudget? calls;
    private MinuteBudget? writes;
    private MinuteBudget? admin;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var own = await GrainFactory.GetGrain<ITenantGrain>(this.GetPrimaryKeyString()).GetRateLimitsAsync();
        Reset(own);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Reset(null);
        return Task.CompletedTask;
    }

    public Task<RateLimitDecision> TryAcquireToolCallAsync(string? keyId, bool isWrite)
    {
        var key = keyId is null ? null : KeyBudgetsFor(keyId);
        var decision = Check(calls, RateLimitBudget.TenantCalls)
            ?? (isWrite ? Check(writes, RateLimitBudget.TenantWrites) : null)
            ?? Check(key?.Calls, RateLimitBudget.KeyCalls)
            ?? (isWrite ? Check(key?.Writes, RateLimitBudget.KeyWrites) : null);
        if (decision is not null)
        {
            return Task.FromResult(decision);
        }

        // Every budget has a token: take them all (nothing awaited in between, so nothing else ran).
        calls?.Take();
        key?.Calls?.Take();
        if (isWrite)
        {
            writes?.Take();
            key?.Writes?.Take();
        }

        return Task.FromResult(RateLimitDecision.Allowed);
    }

    public Task<RateLimitDecision> TryAcquireAdminRequestAsync()
    {
        if (Check(admin, RateLimitBudget.AdminRequests) is { } refused)
        {
            return Task.FromResult(refused);
        }

        admin?.Take();
        return Task.FromResult(RateLimitDecision.Allowed);
    }

    public Task ApplyAsync(TenantRateLimits? own)
    {
        Reset(own);
        return Task.CompletedTask;
    }

    private static RateLimitDecision? Check(MinuteBudget? budget, RateLimitBudget which) =>
        budget is null || budget.HasToken()
            ? null
            : new RateLimitDecision { IsAllowed = false, Budget = which, Limit = budget.Limit, RetryAfter = budget.RetryAfter };

    private KeyBudgets? KeyBudgetsFor(string keyId)
    {
        if (limits.PerKeyCallsPerMinute is null && limits.PerKeyWritesPerMinute is null)
        {
            return null;
        }

        if (!keys.TryGetValue(keyId, out var budgets))
        {
            if (keys.Count >= KeysBeforeCleanup)
            {
                ForgetFreshKeys();
            }

            budgets = new KeyBudgets(New(limits.PerKeyCallsPerMinute), New(limits.PerKeyWritesPerMinute));
            keys[keyId] = budgets;
        }

        return budgets;
    }

    /// <summary>A budget whose minute is over equals a new one, so dropping it loses nothing and bounds memory.</summary>
    private void ForgetFreshKeys()
    {
        foreach (var (keyId, budgets) in keys.ToList())
        {
            if (budgets.Calls?.IsFresh != false && budgets.Writes?.IsFresh != false)
            {
                keys.Remove(keyId);
                budgets.Dispose();
            }
        }
    }

    private void Reset(TenantRateLimits? own)
    {
        calls?.Dispose();
        writes?.Dispose();
        admin?.Dispose();
        foreach (var budgets in keys.Values)
        {
            budgets.Dispose();
        }

        keys.Clear();
        limits = (own ?? TenantRateLimits.None).Over(options.Value.AsDefaults());
        calls = New(limits.CallsPerMinute);
        writes = New(limits.WritesPerMinute);
        admin = New(limits.AdminRequestsPerMinute);
    }

    private static MinuteBudget? New(int? perMinute) => perMinute is { } n ? new MinuteBudget(n) : null;

    private sealed record KeyBudgets(MinuteBudget? Calls, MinuteBudget? Writes) : IDisposable
    {
        public void Dispose()
        {
            Calls?.Dispose();
            Writes?.Dispose();
        }
    }
}
