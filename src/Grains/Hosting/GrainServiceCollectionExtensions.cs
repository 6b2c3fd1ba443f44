using McpPlatform.Grains.Dispatch;
using McpPlatform.Grains.Registry;
using McpPlatform.Grains.Telemetry;
using McpPlatform.Persistence.AuditLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpPlatform.Grains.Hosting;

public static class GrainServiceCollectionExtensions
{
    /// <summary>Services the grains need on every silo: upstream HTTP clients, document fetching, dispatch.</summary>
    public static IServiceCollection AddPlatformGrainServices(this IServiceCollection services)
    {
        services.AddOptions<UpstreamOptions>()
            .BindConfiguration(UpstreamOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DocumentFetcher>();
        services.TryAddSingleton<UpstreamDispatcher>();
        services.TryAddSingleton<ApiBuilder>();
        services.AddPlatformAuditLog();
        services.TryAddSingleton<ToolCallRecorder>();
        services.TryAddTransient<UpstreamLatencyHandler>();

        // Redirects are not followed: an API must not bounce a call (with its headers) to another host.
        services.AddHttpClient(HttpClientNames.Upstream)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<UpstreamLatencyHandler>();
        services.AddHttpClient(HttpClientNames.Documents)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 3,
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
