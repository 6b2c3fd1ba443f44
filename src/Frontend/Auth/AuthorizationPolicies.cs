using Microsoft.AspNetCore.Authorization;

namespace McpPlatform.Frontend.Auth;

/// <summary>Who may do what. The tenant comes from the route, so a key never reaches another tenant.</summary>
public static class AuthorizationPolicies
{
    /// <summary>Route value that names the tenant in every tenant-scoped URL.</summary>
    public const string TenantRouteValue = "tenant";

    public const string Operator = "operator";
    public const string TenantAdmin = "tenant-admin";
    public const string TenantAgent = "tenant-agent";

    public static IServiceCollection AddPlatformAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Operator, policy => policy.RequireAuthenticatedUser().RequireRole(PlatformClaims.OperatorRole))
            .AddPolicy(TenantAdmin, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                RouteTenant(context) is { } tenant && context.User.BelongsTo(tenant)
                && (context.User.IsOperator() || context.User.IsInRole(PlatformClaims.AdminRole))))
            .AddPolicy(TenantAgent, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                RouteTenant(context) is { } tenant && context.User.BelongsTo(tenant)));
        return services;
    }

    private static string? RouteTenant(AuthorizationHandlerContext context) =>
        (context.Resource as HttpContext)?.GetRouteValue(TenantRouteValue) as string;
}
