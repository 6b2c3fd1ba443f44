using McpPlatform.Frontend.Auth;

namespace McpPlatform.Frontend.Admin;

/// <summary>The admin REST API, v1. Operators manage tenants; tenant admins manage their own keys and APIs.</summary>
public static class AdminApi
{
    public const string Prefix = "/admin/v1";

    public static IEndpointRouteBuilder MapAdminApiV1(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup(Prefix).WithTags("Admin");
        admin.MapTenantsApi();
        admin.MapSecretsApi();

        var tenant = admin.MapGroup("/tenants/{" + AuthorizationPolicies.TenantRouteValue + "}")
            .RequireAuthorization(AuthorizationPolicies.TenantAdmin)
            .AddEndpointFilter<AdminRateLimitFilter>()
            .AddEndpointFilter<TenantExistsFilter>();
        tenant.MapKeysApi();
        tenant.MapApisApi();
        tenant.MapToolsApi();
        tenant.MapCallsApi();
        return endpoints;
    }
}

/// <summary>Tenant-scoped endpoints answer 404 for a tenant that does not exist (after authorization, so nothing leaks).</summary>
public sealed class TenantExistsFilter(IClusterClient cluster) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var tenant = context.HttpContext.GetRouteValue(AuthorizationPolicies.TenantRouteValue) as string ?? "";
        if (await cluster.GetGrain<McpPlatform.Contracts.Tenants.ITenantGrain>(tenant).GetAsync() is null)
        {
            return AdminProblems.TenantNotFound(tenant);
        }

        return await next(context);
    }
}
