namespace McpPlatform.Frontend.Auth;

/// <summary>
/// Marks a tenant's agent-facing endpoints (Streamable HTTP and legacy SSE): there a tenant's OAuth access tokens are
/// accepted besides keys, and a refusal points the client at the tenant's OAuth metadata.
/// </summary>
public sealed class AgentEndpoint
{
    public static readonly AgentEndpoint Instance = new();

    private AgentEndpoint()
    {
    }

    public static bool Is(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<AgentEndpoint>() is not null;

    public static string? TenantOf(HttpContext context) => context.GetRouteValue(AuthorizationPolicies.TenantRouteValue) as string;

    /// <summary>Marks the endpoints; call on each agent endpoint or group.</summary>
    public static TBuilder Mark<TBuilder>(TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(Instance);
}
