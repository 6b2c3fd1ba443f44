using McpPlatform.TestCommon;
using Npgsql;

namespace McpPlatform.Persistence.Tests;

public sealed class TestCommonScenarios
{
    [Fact]
    public void Repository_root_holds_the_solution_file()
    {
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, RepositoryPaths.SolutionFileName)));
        Assert.Equal(Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "fixtures")), RepositoryPaths.SharedFixtures);
    }

    [Fact]
    public void Free_ports_are_distinct()
    {
        var ports = Enumerable.Range(0, 20).Select(_ => FreePort.Next()).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    [Fact]
    public async Task Each_created_database_is_fresh_and_reachable()
    {
        var server = await PostgresServer.GetAsync();
        var first = await server.CreateDatabaseAsync("TestCommon Check");
        var second = await server.CreateDatabaseAsync("TestCommon Check");

        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);
        Assert.Equal(new NpgsqlConnectionStringBuilder(first).Database, (string?)await command.ExecuteScalarAsync());
    }
}
