namespace McpPlatform.Contracts.RateLimiting;

/// <summary>
/// A tenant's budgets, each "at most N per minute"; null means the operator's default (and no default means no
/// limit). Tool calls count against the call budgets; writes (any method but GET/HEAD/OPTIONS) also against the
/// stricter write budgets. The per-key budgets apply to each API key on its own.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TenantRateLimits
{
    public const int MinPerMinute = 1;
    public const int MaxPerMinute = 1_000_000;

    [Id(0)] public int? CallsPerMinute { get; init; }
    [Id(1)] public int? WritesPerMinute { get; init; }
    [Id(2)] public int? PerKeyCallsPerMinute { get; init; }
    [Id(3)] public int? PerKeyWritesPerMinute { get; init; }
    /// <summary>Admin API requests made with the tenant's own keys (the operator is never limited).</summary>
    [Id(4)] public int? AdminRequestsPerMinute { get; init; }

    public static readonly TenantRateLimits None = new();

    /// <summary>Whether any budget counts tool calls (the admin budget does not).</summary>
    public bool LimitsToolCalls => CallsPerMinute is not null || WritesPerMinute is not null || PerKeyCallsPerMinute is not null || PerKeyWritesPerMinute is not null;

    /// <summary>Each budget of this one, or <paramref name="defaults"/>' where this one sets none.</summary>
    public TenantRateLimits Over(TenantRateLimits defaults) => new()
    {
        CallsPerMinute = CallsPerMinute ?? defaults.CallsPerMinute,
        WritesPerMinute = WritesPerMinute ?? defaults.WritesPerMinute,
        PerKeyCallsPerMinute = PerKeyCallsPerMinute ?? defaults.PerKeyCallsPerMinute,
        PerKeyWritesPerMinute = PerKeyWritesPerMinute ?? defaults.PerKeyWritesPerMinute,
        AdminRequestsPerMinute = AdminRequestsPerMinute ?? defaults.AdminRequestsPerMinute,
    };
}
