using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.RateLimiting;

/// <summary>The check a tool call passes before it is sent: one call to the tenant's <see cref="IRateLimitGrain"/>.</summary>
public sealed partial class ToolCallRateLimits(IGrainFactory grains, IOptions<RateLimitOptions> options, ILogger<ToolCallRateLimits> logger)
{
    /// <summary>Whether a tenant with these limits of its own has any tool-call budget once the operator's defaults apply.</summary>
    public bool LimitsToolCalls(TenantRateLimits? own) => (own ?? TenantRateLimits.None).Over(options.Value.AsDefaults()).LimitsToolCalls;

    /// <returns>Null when the call may go; else the error result that tells the agent when to retry.</returns>
    public async Task<ToolCallResult?> RefuseAsync(string tenantId, string? keyId, bool isWrite)
    {
        RateLimitDecision decision;
        try
        {
            decision = await grains.GetGrain<IRateLimitGrain>(tenantId).TryAcquireToolCallAsync(keyId, isWrite);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A limiter that cannot answer (its silo just died) must not take every tool call down with it: let the
            // call through; the next check reaches a new activation with fresh budgets.
            LogLimiterUnavailable(logger, tenantId, e.Message);
            return null;
        }

        return decision.IsAllowed ? null : ToolCallResult.Error(ToolCallOutcome.RateLimited,
            $"Rate limit reached: {decision.Describe()} are used up. Retry after {decision.RetryAfterSeconds} s. Nothing was sent to the API.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId}: rate limits not checked, the limiter did not answer: {Reason}")]
    private static partial void LogLimiterUnavailable(ILogger logger, string tenantId, string reason);
}
