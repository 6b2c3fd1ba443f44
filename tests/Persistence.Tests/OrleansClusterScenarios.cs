using System.Net;
using McpPlatform.TestCommon;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace McpPlatform.Persistence.Tests;

/// <summary>
/// Two real silos and a client in this process, clustered through the platform membership table on PostgreSQL and
/// persisting grain state in the platform grain storage.
/// </summary>
public sealed class OrleansClusterScenarios : IAsyncLifetime
{
    private const string ServiceId = "persistence-tests";
    private readonly string _clusterId = "cluster-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IHost> _hosts = [];
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.GetAsync();
        _connectionString = await server.CreateDatabaseAsync("orleans_cluster");
    }

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await host.StopAsync(timeout.Token);
            }
            catch (Exception)
            {
                // Already stopped by the test.
            }

            host.Dispose();
        }
    }

    [Fact]
    public async Task State_written_on_one_silo_survives_that_silo_stopping_and_is_read_on_the_other()
    {
        var siloA = await StartSiloAsync();
        var siloB = await StartSiloAsync();
        var client = await StartClientAsync();
        var factory = client.Services.GetRequiredService<IClusterClient>();

        var grain = factory.GetGrain<IProfileGrain>("ada");
        var holder = await grain.SetNameAsync("Ada Lovelace");

        var (stopping, surviving) = RuntimeIdentityOf(siloA) == holder ? (siloA, siloB) : (siloB, siloA);
        Assert.Equal(holder, RuntimeIdentityOf(stopping));
        await stopping.StopAsync();

        // Ask the surviving silo directly: the grain re-activates there and reads its state back from PostgreSQL.
        var survivorGrain = surviving.Services.GetRequiredService<IGrainFactory>().GetGrain<IProfileGrain>("ada");
        var name = await RetryAsync(() => survivorGrain.GetNameAsync());
        Assert.Equal("Ada Lovelace", name);
        Assert.Equal(RuntimeIdentityOf(surviving), await survivorGrain.GetSiloAsync());

        // The client finds the remaining gateway through the membership table as well.
        Assert.Equal("Ada Lovelace", await RetryAsync(() => grain.GetNameAsync()));

        // The stopped silo announced its death through UpdateRow; the survivor is still active.
        var table = surviving.Services.GetRequiredService<IMembershipTable>();
        var members = (await table.ReadAllAsync(CancellationToken.None)).Members.ToDictionary(m => m.Item1.SiloAddress.ToString(), m => m.Item1.Status);
        Assert.Equal(SiloStatus.Dead, members[holder]);
        Assert.Equal(SiloStatus.Active, members[RuntimeIdentityOf(surviving)]);
    }

    private static string RuntimeIdentityOf(IHost silo) =>
        silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();

    private async Task<IHost> StartSiloAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = _connectionString });
        builder.Services.AddPlatformDatabase(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _clusterId;
                o.ServiceId = ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, FreePort.Next(), FreePort.Next());
            silo.UsePlatformClustering();
            silo.AddPlatformGrainStorageAsDefault();
        });
        return await StartAsync(builder.Build());
    }

    private async Task<IHost> StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = _connectionString });
        builder.Services.AddPlatformDatabase(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _clusterId;
                o.ServiceId = ServiceId;
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            client.UsePlatformClustering();
        });
        return await StartAsync(builder.Build());
    }

    private async Task<IHost> StartAsync(IHost host)
    {
        _hosts.Add(host);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        return host;
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // Membership/gateway changes take a moment to propagate after a silo leaves.
                await Task.Delay(250);
            }
        }
    }
}
