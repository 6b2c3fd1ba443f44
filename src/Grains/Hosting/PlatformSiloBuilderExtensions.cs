using System.Net;
using k8s;
using McpPlatform.Contracts.Serialization;
using McpPlatform.Grains.Health;
using McpPlatform.Grains.Sessions;
using McpPlatform.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Hosting.Kubernetes;

namespace McpPlatform.Grains.Hosting;

public static class PlatformSiloBuilderExtensions
{
    /// <summary>
    /// Configures a silo of the platform. The one place where the two ways of running differ:
    /// <paramref name="embedded"/> is the single-process quick start (localhost clustering);
    /// otherwise the silo joins the cluster through the membership table in PostgreSQL.
    /// </summary>
    public static ISiloBuilder AddPlatformSilo(this ISiloBuilder silo, IConfiguration configuration, bool embedded)
    {
        var settings = configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(settings, new(settings), validateAllProperties: true);

        if (embedded)
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
        }
        else
        {
            silo.UsePlatformClustering();
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            });
            if (settings.Kubernetes)
            {
                UsePodIdentity(silo, settings);
            }
            else
            {
                silo.ConfigureEndpoints(IPAddress.Parse(settings.AdvertisedAddress), settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            }
        }

        silo.Configure<GrainCollectionOptions>(options => CollectSessionGrains(options, settings.SessionGrainCollectionAge));
        silo.AddPlatformGrainStorage(StorageNames.Platform);
        // Grain calls carry the caller's trace context: a tool call is one trace from frontend to upstream.
        silo.AddActivityPropagation();
        silo.Services.AddPlatformSerialization();
        silo.Services.AddPlatformGrainServices(embedded);
        silo.Services.AddSiloHealthChecks();
        // A graceful stop (grains deactivated, membership row Dead) needs time; cut short, the others find out only
        // after missed probes. Another host setting (a frontend's drain) may ask for longer: the longest wins.
        silo.Services.PostConfigure<HostOptions>(host => host.ShutdownTimeout = Max(host.ShutdownTimeout, settings.ShutdownTimeout));
        return silo;
    }

    /// <summary>
    /// Orleans' Kubernetes hosting, on top of our membership table (it registers no membership table of its own): the
    /// silo is named after the pod, listens on every address of the pod, and watches the pods labelled with the
    /// cluster's ids (a Role in deploy/k8s allows it). The pod's IP is advertised here rather than left to the hosting:
    /// it fills in the address only when none is set, and Orleans' defaults set the host's first address before it.
    /// </summary>
    private static void UsePodIdentity(ISiloBuilder silo, ClusterSettings settings)
    {
        silo.Configure<EndpointOptions>(options =>
        {
            options.SiloPort = settings.SiloPort;
            options.GatewayPort = settings.GatewayPort;
            if (IPAddress.TryParse(Environment.GetEnvironmentVariable(KubernetesHostingOptions.PodIPEnvironmentVariable), out var podIp))
            {
                options.AdvertisedIPAddress = podIp;
            }
        });
        if (settings.KubernetesApi is { } api)
        {
            silo.UseKubernetesHosting(hosting => hosting.Configure(options =>
                options.GetClientConfiguration = () => new KubernetesClientConfiguration { Host = api }));
        }
        else
        {
            silo.UseKubernetesHosting();
        }
    }

    /// <summary>Idle session grains leave memory sooner than other grains (Orleans' default age is 15 minutes).</summary>
    private static void CollectSessionGrains(GrainCollectionOptions options, TimeSpan age)
    {
        options.ClassSpecificCollectionAge[typeof(McpSessionGrain).FullName!] = age;
        // Idle grains are collected once per quantum, which Orleans requires to be shorter than every age.
        options.CollectionQuantum = TimeSpan.FromTicks(Math.Min(options.CollectionQuantum.Ticks, age.Ticks / 2));
    }

    /// <summary>Configures a frontend as a client of the cluster (not used in the embedded quick start, which co-hosts a silo).</summary>
    public static IClientBuilder AddPlatformClient(this IClientBuilder client, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        client.UsePlatformClustering();
        client.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = settings.ClusterId;
            options.ServiceId = settings.ServiceId;
        });
        client.Services.AddPlatformSerialization();
        client.AddActivityPropagation();
        client.Services.AddClientHealthChecks();
        client.Services.AddSingleton<IClientConnectionRetryFilter, ClusterConnectRetry>();
        return client;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
