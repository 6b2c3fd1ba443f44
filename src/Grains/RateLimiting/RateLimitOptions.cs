using System.ComponentModel.DataAnnotations;
using McpPlatform.Contracts.RateLimiting;

namespace McpPlatform.Grains.RateLimiting;

/// <summary>
/// The operator's default budgets, for tenants that set none of their own. Section <c>Platform:RateLimits</c>;
/// each "at most N per minute", unset means no limit.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Platform:RateLimits";

    [Range(TenantRateLimits.MinPerMinute, TenantRateLimits.MaxPerMinute)]
    public int? CallsPerMinute { get; set; }

    [Range(TenantRateLimits.MinPerMinute, TenantRateLimits.MaxPerMinute)]
    public int? WritesPerMinute { get; set; }

    [Range(TenantRateLimits.MinPerMinute, TenantRateLimits.MaxPerMinute)]
    public int? PerKeyCallsPerMinute { get; set; }

    [Range(TenantRateLimits.MinPerMinute, TenantRateLimits.MaxPerMinute)]
    public int? PerKeyWritesPerMinute { get; set; }

    [Range(TenantRateLimits.MinPerMinute, TenantRateLimits.MaxPerMinute)]
    public int? AdminRequestsPerMinute { get; set; }

    public TenantRateLimits AsDefaults() => new()
    {
        CallsPerMinute = CallsPerMinute,
        WritesPerMinute = WritesPerMinute,
        PerKeyCallsPerMinute = PerKeyCallsPerMinute,
        PerKeyWritesPerMinute = PerKeyWritesPerMinute,
        AdminRequestsPerMinute = AdminRequestsPerMinute,
    };
}
