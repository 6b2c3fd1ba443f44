using Microsoft.AspNetCore.Authentication;
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
        services.AddOptions<OAuthOptions>()
            .BindConfiguration(OAuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<TenantAuthCache>();
        services.AddSingleton<IssuerSigningKeys>();
        services.AddSingleton<TenantTokenValidator>();
        services.AddSingleton<AuthChallenges>();
        services.AddSingleton<ProxyAuthorizationState>();
        services.AddAuthentication(PlatformScheme)
            .AddPolicyScheme(PlatformScheme, "Keys, and tenants' access tokens at agent endpoints", scheme => scheme.ForwardDefaultSelector = SchemeFor)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, TenantOAuthHandler>(TenantOAuthHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Operator, policy => policy.RequireAuthenticatedUser().RequireRole(PlatformClaims.OperatorRole))
            .AddPolicy(TenantAdmin, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                RouteTenant(context) is { } tenant && context.User.BelongsTo(tenant)
                && (context.User.IsOperator() || context.User.IsInRole(PlatformClaims.AdminRole))))
            .AddPolicy(TenantAgent, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                RouteTenant(context) is { } tenant && context.User.BelongsTo(tenant)));
        return services;
    }

    /// <summary>The default scheme: picks the handler by where the request goes and what it carries.</summary>
    public const string PlatformScheme = "Platform";

    /// <summary>
    /// At a tenant's agent endpoint, anything but a key is taken for the tenant's OAuth (which also answers when nothing
    /// was sent, pointing the client at the tenant's metadata); elsewhere only keys count.
    /// </summary>
    private static string SchemeFor(HttpContext context)
    {
        if (!AgentEndpoint.Is(context))
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        return ApiKeyAuthenticationHandler.PresentedKey(context.Request) is { } presented && !LooksLikeJwt(presented)
            ? ApiKeyAuthenticationHandler.SchemeName
            : TenantOAuthHandler.SchemeName;
    }

    /// <summary>A compact JWS: three base64url parts, the header a JSON object (so it starts "eyJ").</summary>
    private static bool LooksLikeJwt(string token) => token.StartsWith("eyJ", StringComparison.Ordinal) && token.Count(c => c == '.') == 2;

    private static string? RouteTenant(AuthorizationHandlerContext context) =>
        (context.Resource as HttpContext)?.GetRouteValue(TenantRouteValue) as string;
}
