using System.Net;
using McpPlatform.Grains.Hosting;
using McpPlatform.Persistence.Clustering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace McpPlatform.Platform.Tests;

/// <summary>
/// Platform:Cluster:Kubernetes (set by deploy/k8s) turns on Orleans' Kubernetes hosting in a cluster silo. It must take
/// the silo's name and address from the pod and leave membership in the platform's own table. The silo is built, not
/// started: starting needs a Kubernetes API. Orleans reads the pod's identity from the process environment, so the
/// tests of this class set it (xunit runs one class's tests one at a time).
/// </summary>
public sealed class KubernetesHostingTests
{
    private static readonly string[] PodVariables =
    [
        KubernetesHostingOptions.PodNameEnvironmentVariable,
        KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable,
    ];

    [Fact]
    public void A_silo_in_a_pod_keeps_the_platform_membership_table_and_takes_its_name_and_address_from_the_pod()
    {
        using var pod = new PodEnvironment("mcp-platform-silo-7d9c5-x2k4q", "mcp-platform", "10.42.3.17");
        using var host = BuildSilo(kubernetes: true);

        Assert.IsType<PlatformMembershipTable>(host.Services.GetRequiredService<IMembershipTable>());
        var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(IPAddress.Parse("10.42.3.17"), endpoints.AdvertisedIPAddress);
        Assert.Equal(11111, endpoints.SiloPort);
        Assert.Equal(30000, endpoints.GatewayPort);
        Assert.Equal(IPAddress.Any, endpoints.SiloListeningEndpoint?.Address);
        Assert.Equal("mcp-platform-silo-7d9c5-x2k4q", host.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
        var cluster = host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("prod", "mcp-platform"), (cluster.ClusterId, cluster.ServiceId));
    }

    [Fact]
    public void A_silo_told_it_runs_in_Kubernetes_outside_a_pod_fails_naming_the_variable_to_set()
    {
        using var pod = new PodEnvironment(name: null, @namespace: null, ip: null);
        using var host = BuildSilo(kubernetes: true);

        var failure = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<KubernetesHostingOptions>>().Value);
        Assert.Contains(KubernetesHostingOptions.PodNamespaceEnvironmentVariable, failure.Message);
    }

    [Fact]
    public void A_silo_outside_Kubernetes_advertises_the_configured_address_without_the_hosting()
    {
        using var pod = new PodEnvironment("ignored", "ignored", "10.0.0.9");
        using var host = BuildSilo(kubernetes: false);

        Assert.IsType<PlatformMembershipTable>(host.Services.GetRequiredService<IMembershipTable>());
        Assert.Equal(IPAddress.Parse("127.0.0.1"), host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.AdvertisedIPAddress);
        Assert.Empty(host.Services.GetServices<IValidateOptions<KubernetesHostingOptions>>());
    }

    private static IHost BuildSilo(bool kubernetes)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=never_opened;Username=postgres",
            ["Platform:Database:Provider"] = "Postgres",
            ["Platform:Cluster:ClusterId"] = "prod",
            ["Platform:Cluster:Kubernetes"] = kubernetes ? "true" : "false",
        });
        builder.UseOrleans(silo => silo.AddPlatformSilo(builder.Configuration, embedded: false));
        return builder.Build();
    }

    /// <summary>The downward API's variables for the duration of a test, as a pod would have them.</summary>
    private sealed class PodEnvironment : IDisposable
    {
        private readonly Dictionary<string, string?> previous = PodVariables.ToDictionary(v => v, Environment.GetEnvironmentVariable);

        public PodEnvironment(string? name, string? @namespace, string? ip)
        {
            Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodNameEnvironmentVariable, name);
            Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodNamespaceEnvironmentVariable, @namespace);
            Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodIPEnvironmentVariable, ip);
        }

        public void Dispose()
        {
            foreach (var (variable, value) in previous)
            {
                Environment.SetEnvironmentVariable(variable, value);
            }
        }
    }
}
