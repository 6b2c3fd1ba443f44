using McpPlatform.Persistence.GrainStorage;
using McpPlatform.TestCommon;
using Microsoft.Extensions.DependencyInjection;
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
    [Fact]
    public async Task Grain_storage_keeps_working_after_the_database_server_restarts()
    {
        var server = await PostgresServer.GetAsync();
        if (!server.CanRestart)
        {
            return; // External server from MCP_TEST_POSTGRES: not ours to restart.
        }

        await using var provider = PlatformServices.Build(PlatformServices.Postgres(await server.CreateDatabaseAsync("restart")));
        var storage = ActivatorUtilities.CreateInstance<PlatformGrainStorage>(provider, "Default");
        var grainId = GrainId.Create("profile", "restart");
        var state = new TestGrainState<ProfileState> { State = new ProfileState { Name = "before" } };
        await storage.WriteStateAsync("profile", grainId, state);

        await server.RestartAsync();

        state.State.Name = "after";
        await storage.WriteStateAsync("profile", grainId, state);
        var read = new TestGrainState<ProfileState>();
        await storage.ReadStateAsync("profile", grainId, read);
        Assert.Equal("after", read.State.Name);
    }
}
