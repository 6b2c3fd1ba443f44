using McpPlatform.Frontend.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpPlatform.Frontend.Draining;

public static class DrainServiceCollectionExtensions
{
    /// <summary>
    /// The graceful stop of <see cref="FrontendDrain"/>, with <see cref="ShutdownOptions"/> validated at start-up and the
    /// host's shutdown timeout raised to cover it. The quick start has no load balancer to wait for: no drain delay.
    /// </summary>
    public static IServiceCollection AddFrontendDrain(this IServiceCollection services, PlatformMode mode)
    {
        services.AddOptions<ShutdownOptions>()
            .Configure(options =>
            {
                if (mode == PlatformMode.Embedded)
                {
                    options.DrainDelay = TimeSpan.Zero;
                }
            })
            .BindConfiguration(ShutdownOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<HostOptions>, ShutdownTimeoutSetup>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DrainSignal>();
        services.AddSingleton<IStartupFilter, DrainConnectionClose>();
        services.AddHostedService<FrontendDrain>();
        return services;
    }

    /// <summary>The longest of what the host had (a co-hosted silo's leave, the default) and the drain's total.</summary>
    private sealed class ShutdownTimeoutSetup(IOptions<ShutdownOptions> shutdown) : IPostConfigureOptions<HostOptions>
    {
        public void PostConfigure(string? name, HostOptions host)
        {
            var total = shutdown.Value.Total;
            if (host.ShutdownTimeout < total)
            {
                host.ShutdownTimeout = total;
            }
        }
    }
}
