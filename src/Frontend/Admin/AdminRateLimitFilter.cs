using System.Globalization;
using McpPlatform.Contracts.RateLimiting;
using McpPlatform.Frontend.Auth;

namespace McpPlatform.Frontend.Admin;

/// <summary>
/// Counts a tenant's admin API requests made with its own keys against its <c>adminRequestsPerMinute</c> budget
/// (registration fetches and converts documents: the costliest thing a tenant can ask for). Over it: 429 with
/// <c>Retry-After</c>. The operator is never limited.
/// </summary>
public sealed class AdminRateLimitFilter(IClusterClient cluster) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.IsOperator() || http.GetRouteValue(AuthorizationPolicies.TenantRouteValue) is not string tenant)
        {
            return await next(context);
        }

        var decision = await cluster.GetGrain<IRateLimitGrain>(tenant).TryAcquireAdminRequestAsync();
        if (decision.IsAllowed)
        {
            return await next(context);
        }

        http.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return AdminProblems.TooManyRequests($"Rate limit reached: {decision.Describe()} are used up. Retry after {decision.RetryAfterSeconds} s.");
    }
}
