using McpPlatform.Persistence.Clustering;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Messaging;

namespace McpPlatform.Persistence;

public static class ClusteringBuilderExtensions
{
    /// <summary>
    /// Silo membership in the platform database (<see cref="PlatformMembershipTable"/>), keyed by <c>ClusterOptions.ClusterId</c>.
    /// Also registers <c>AddPlatformDatabase</c> from the silo's configuration if not done yet.
    /// </summary>
    public static ISiloBuilder UsePlatformClustering(this ISiloBuilder builder)
    {
        builder.Services.AddPlatformDatabase(builder.Configuration);
        builder.Services.AddSingleton<IMembershipTable, PlatformMembershipTable>();
        return builder;
    }

    /// <summary>
    /// Client gateway discovery from the platform database (<see cref="PlatformGatewayListProvider"/>).
    /// The client's <c>ClusterOptions.ClusterId</c> must match the silos'.
    /// </summary>
    public static IClientBuilder UsePlatformClustering(this IClientBuilder builder)
    {
        builder.Services.AddPlatformDatabase(builder.Configuration);
        builder.Services.AddSingleton<IGatewayListProvider, PlatformGatewayListProvider>();
        return builder;
    }
}
