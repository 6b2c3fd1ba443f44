namespace McpPlatform.Contracts.RateLimiting;

/// <summary>
/// Every budget of one tenant — the tenant's and each of its keys' — in one place, so a check is one grain call and
/// the count is exact however many frontends and silos serve the tenant. Key: tenant id. Budgets live in memory: a
/// silo loss starts them afresh (full).
/// </summary>
public interface IRateLimitGrain : IGrainWithStringKey
{
    /// <summary>Takes one token from each budget the call counts against, or none when any of them is spent.</summary>
    Task<RateLimitDecision> TryAcquireToolCallAsync(string? keyId, bool isWrite);

    /// <summary>Takes one token from the tenant's admin API budget.</summary>
    Task<RateLimitDecision> TryAcquireAdminRequestAsync();

    /// <summary>The tenant's limits changed (or the tenant went away: null); budgets start afresh.</summary>
    Task ApplyAsync(TenantRateLimits? limits);
}

public enum RateLimitBudget { TenantCalls, TenantWrites, KeyCalls, KeyWrites, AdminRequests }

[GenerateSerializer, Immutable]
public sealed record RateLimitDecision
{
    public static readonly RateLimitDecision Allowed = new() { IsAllowed = true };

    [Id(0)] public required bool IsAllowed { get; init; }
    /// <summary>The budget that is spent (when refused).</summary>
    [Id(1)] public RateLimitBudget Budget { get; init; }
    /// <summary>Its size per minute.</summary>
    [Id(2)] public int Limit { get; init; }
    /// <summary>When it has tokens again.</summary>
    [Id(3)] public TimeSpan RetryAfter { get; init; }

    /// <summary>Whole seconds to wait, at least one.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));

    /// <summary>What is spent, in words: "this tenant's write calls (100 per minute)".</summary>
    public string Describe() => Budget switch
    {
        RateLimitBudget.TenantCalls => $"this tenant's tool calls ({Limit} per minute)",
        RateLimitBudget.TenantWrites => $"this tenant's write calls ({Limit} per minute)",
        RateLimitBudget.KeyCalls => $"this API key's tool calls ({Limit} per minute)",
        RateLimitBudget.KeyWrites => $"this API key's write calls ({Limit} per minute)",
        _ => $"this tenant's admin API requests ({Limit} per minute)",
    };
}
