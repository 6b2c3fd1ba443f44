using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;
using Npgsql;

namespace McpPlatform.EndToEnd.Tests.Chaos;

/// <summary>
/// The platform as pods would run it, on one machine: silos and frontends as processes on a PostgreSQL server of
/// the test's own (so it may be restarted), the sample CRM as the tenant's API, a tenant with its keys.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    /// <summary>Each process keeps its last few hundred lines for a failure's message: keep per-call chatter out of them.</summary>
    private static readonly Dictionary<string, string?> Quiet = new()
    {
        ["Logging__LogLevel__Polly"] = "Warning",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        ["Logging__LogLevel__System.Net.Http"] = "Warning",
        ["Logging__LogLevel__ModelContextProtocol"] = "Warning",
    };

    private readonly Dictionary<string, string?> siloSettings;

    private ChaosCluster(PostgresServer server, string postgres, Dictionary<string, string?> siloSettings)
    {
        Server = server;
        Postgres = postgres;
        this.siloSettings = siloSettings;
    }

    public PlatformProcesses Platform { get; } = new();

    public PostgresServer Server { get; }

    public string Postgres { get; }

    public string Crm { get; private set; } = "";

    public string AgentKey { get; private set; } = "";

    public string AdminKey { get; private set; } = "";

    public Dictionary<string, ChildProcess> Silos { get; } = [];

    /// <summary>Frontends by name: the process and its base URL.</summary>
    public Dictionary<string, (ChildProcess Process, string Url)> Frontends { get; } = [];

    /// <param name="siloSettings">Settings for every silo on top of the defaults.</param>
    public static async Task<ChaosCluster> StartAsync(int silos, int frontends, IDictionary<string, string?>? siloSettings = null)
    {
        var server = await PostgresServer.StartPrivateAsync();
        // Pooled, as a deployment runs: a restart of the server breaks every pooled connection, which is part of the test.
        var postgres = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync("e2e_chaos")) { Pooling = true }.ConnectionString;
        var settings = new Dictionary<string, string?>(Quiet);
        foreach (var (key, value) in siloSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var cluster = new ChaosCluster(server, postgres, settings);
        try
        {
            await Task.WhenAll(Enumerable.Range(1, silos).Select(i => cluster.AddSiloAsync($"silo-{i}")));
            var crm = cluster.Platform.StartCrmApiAsync();
            await Task.WhenAll(Enumerable.Range(1, frontends).Select(i => cluster.AddFrontendAsync($"frontend-{i}")));
            cluster.Crm = await crm;
            var first = cluster.Frontends.Values.First().Url;
            (cluster.AgentKey, cluster.AdminKey) = await CrmScenario.CreateTenantAndKeysAsync(first);
            await CrmScenario.RegisterCrmAsync(cluster.Frontends.Values.Last().Url, cluster.AdminKey, cluster.Crm);
            return cluster;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var diagnostics = cluster.Platform.Diagnostics;
            await cluster.DisposeAsync();
            throw new Xunit.Sdk.XunitException($"The cluster did not start: {e}\n\nProcess output:\n{diagnostics}");
        }
    }

    public async Task<ChildProcess> AddSiloAsync(string name)
    {
        var silo = await Platform.StartSiloAsync(name, Postgres, siloSettings);
        lock (Silos)
        {
            Silos[name] = silo;
        }

        return silo;
    }

    public async Task<string> AddFrontendAsync(string name)
    {
        var frontend = await Platform.StartClusterFrontendAsync(name, Postgres, Quiet);
        lock (Frontends)
        {
            Frontends[name] = frontend;
        }

        return frontend.BaseUrl;
    }

    /// <summary>The frontends whose processes still run.</summary>
    public IReadOnlyList<string> LiveFrontends => [.. Frontends.Values.Where(f => !f.Process.HasExited).Select(f => f.Url)];

    public async ValueTask DisposeAsync()
    {
        await Platform.DisposeAsync();
        await Server.DisposeAsync();
    }
}
