using McpPlatform.Persistence.GrainStorage;
using McpPlatform.TestCommon;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;

namespace McpPlatform.Persistence.Tests;

/// <summary>Tests that stop the shared PostgreSQL server; they run alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DatabaseRestartCollection
{
    public const string Name = "PostgreSQL restarts";
}

[Collection(DatabaseRestartCollection.Name)]
public sealed class DatabaseRestartScenarios
{
    private const int PooledConnections = 6;

    [Fact]
    public async Task Grain_storage_keeps_working_after_the_database_server_restarts()
    {
        var server = await PostgresServer.GetAsync();
        if (!server.CanRestart)
        {
            return; // External server from MCP_TEST_POSTGRES: not ours to restart.
        }

        // Pooled, as deployed: the restart breaks every idle connection in the pool, and each would fail its next command.
        var pooled = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync("restart")) { Pooling = true }.ConnectionString;
        await using var provider = PlatformServices.Build(PlatformServices.Postgres(pooled));
        var storage = ActivatorUtilities.CreateInstance<PlatformGrainStorage>(provider, "Default");
        var grains = Enumerable.Range(0, PooledConnections).Select(i => GrainId.Create("profile", $"restart-{i}")).ToArray();
        var states = grains.Select(_ => new TestGrainState<ProfileState> { State = new ProfileState { Name = "before" } }).ToArray();
        // Written concurrently, so the pool holds several connections when the server goes away.
        await Task.WhenAll(grains.Select((grain, i) => storage.WriteStateAsync("profile", grain, states[i])));

        await server.RestartAsync();

        // One at a time, so each would meet a different broken connection if the storage did not recover.
        for (var i = 0; i < grains.Length; i++)
        {
            states[i].State.Name = "after";
            await storage.WriteStateAsync("profile", grains[i], states[i]);
            var read = new TestGrainState<ProfileState>();
            await storage.ReadStateAsync("profile", grains[i], read);
            Assert.Equal("after", read.State.Name);
        }
    }
}
