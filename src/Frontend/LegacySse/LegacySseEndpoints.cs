using McpPlatform.Frontend.Auth;

namespace McpPlatform.Frontend.LegacySse;

/// <summary>
/// The MCP 2024-11-05 HTTP+SSE transport, for clients that predate Streamable HTTP: a stream at
/// <c>/t/{tenant}/sse</c> and its message URL <c>/t/{tenant}/message?sessionId=…</c>, which any frontend accepts.
/// (The SDK's own legacy SSE keeps sessions in one process, so it cannot serve a cluster.)
/// </summary>
public static class LegacySseEndpoints
{
    public const string StreamPattern = "/t/{" + AuthorizationPolicies.TenantRouteValue + "}/sse";
    public const string MessagePattern = "/t/{" + AuthorizationPolicies.TenantRouteValue + "}/message";

    public static IServiceCollection AddPlatformLegacySse(this IServiceCollection services)
    {
        services.AddSingleton<LegacySseSessions>();
        services.AddSingleton<LegacySseStreams>();
        services.AddSingleton<LegacySseMessages>();
        return services;
    }

    /// <summary>Both endpoints take the same keys as the tenant's MCP endpoint.</summary>
    public static IEndpointConventionBuilder MapPlatformLegacySse(this IEndpointRouteBuilder endpoints)
    {
        var group = AgentEndpoint.Mark(endpoints.MapGroup("").RequireAuthorization(AuthorizationPolicies.TenantAgent));
        group.MapGet(StreamPattern, (HttpContext context, LegacySseStreams streams) => streams.StreamAsync(context)).ExcludeFromDescription();
        group.MapPost(MessagePattern, (HttpContext context, LegacySseMessages messages) => messages.PostAsync(context)).ExcludeFromDescription();
        return group;
    }
}
