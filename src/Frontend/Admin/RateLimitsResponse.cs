using McpPlatform.Contracts.RateLimiting;

namespace McpPlatform.Frontend.Admin;

/// <summary>A tenant's own budgets as set (absent: the operator's default applies).</summary>
public sealed record RateLimitsResponse(
    int? CallsPerMinute,
    int? WritesPerMinute,
    int? PerKeyCallsPerMinute,
    int? PerKeyWritesPerMinute,
    int? AdminRequestsPerMinute)
{
    public static RateLimitsResponse From(TenantRateLimits? limits) => new(
        limits?.CallsPerMinute,
        limits?.WritesPerMinute,
        limits?.PerKeyCallsPerMinute,
        limits?.PerKeyWritesPerMinute,
        limits?.AdminRequestsPerMinute);
}
