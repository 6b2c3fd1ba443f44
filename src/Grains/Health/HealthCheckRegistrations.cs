using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace McpPlatform.Grains.Health;

/// <summary>
/// Readiness checks (untagged, so the readiness endpoint runs them) for the two ways a process joins the cluster.
/// Singletons, so each cached check keeps its last answer between probes.
/// </summary>
public static class HealthCheckRegistrations
{
    /// <summary>A silo (also the one a quick-start frontend co-hosts): database reachable, Active member of the cluster.</summary>
    public static IServiceCollection AddSiloHealthChecks(this IServiceCollection services)
    {
        AddProbeOptions(services);
        services.TryAddSingleton<DatabaseHealthCheck>();
        services.TryAddSingleton<SiloMembershipHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<SiloMembershipHealthCheck>("silo");
        return services;
    }

    /// <summary>
    /// A frontend in cluster mode: a silo answers grain calls, else it is not ready. The database (the frontend reads
    /// only the audit log from it) is reported, as Degraded when unreachable, but keeps the frontend in the balancer:
    /// tool calls reach grains, not the database, and an outage that pulled every frontend at once would stop them all.
    /// </summary>
    public static IServiceCollection AddClientHealthChecks(this IServiceCollection services)
    {
        AddProbeOptions(services);
        services.TryAddSingleton<DatabaseHealthCheck>();
        services.TryAddSingleton<ClusterHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", failureStatus: HealthStatus.Degraded)
            .AddCheck<ClusterHealthCheck>("cluster");
        return services;
    }

    private static void AddProbeOptions(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<HealthProbeOptions>()
            .BindConfiguration(HealthProbeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
