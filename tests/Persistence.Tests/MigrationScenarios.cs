using McpPlatform.Persistence.Model;
using McpPlatform.TestCommon;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace McpPlatform.Persistence.Tests;

public sealed class MigrationScenarios
{
    [Fact]
    public async Task Three_processes_migrating_the_same_postgres_database_concurrently_all_succeed()
    {
        var settings = await PlatformServices.FreshPostgresAsync("migrate_concurrent");
        // Separate service providers = separate migrators and pools, like three hosts starting at once.
        var providers = Enumerable.Range(0, 3).Select(_ => PlatformServices.Build(settings)).ToList();
        try
        {
            await Task.WhenAll(providers.Select(p => Task.Run(() => p.GetRequiredService<PlatformDatabaseMigrator>().EnsureMigratedAsync())));

            await using var connection = new NpgsqlConnection(settings["ConnectionStrings:Postgres"]);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = @schema ORDER BY table_name", connection);
            command.Parameters.AddWithValue("schema", PlatformTableNames.Schema);
            var tables = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            Assert.Contains(PlatformTableNames.GrainState, tables);
            Assert.Contains(PlatformTableNames.MembershipSilos, tables);
            Assert.Contains(PlatformTableNames.MembershipVersions, tables);
            Assert.Contains(PlatformTableNames.ToolCallAudit, tables);
            Assert.Contains(PlatformTableNames.MigrationsHistory, tables);

            await using var context = await providers[0].GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
            Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Migrating_twice_is_a_no_op()
    {
        var settings = await PlatformServices.FreshPostgresAsync("migrate_twice");
        await using (var first = PlatformServices.Build(settings))
        {
            await first.GetRequiredService<PlatformDatabaseMigrator>().EnsureMigratedAsync();
        }

        await using var second = PlatformServices.Build(settings);
        var migrator = second.GetRequiredService<PlatformDatabaseMigrator>();
        await migrator.EnsureMigratedAsync();
        await migrator.EnsureMigratedAsync();
        Assert.True(migrator.IsMigrated);
    }

    [Fact]
    public async Task Sqlite_migration_creates_platform_db_file_in_data_directory()
    {
        var dir = PlatformServices.NewTempDirectory();
        await using var provider = PlatformServices.Build(PlatformServices.Sqlite(dir));

        await provider.GetRequiredService<PlatformDatabaseMigrator>().EnsureMigratedAsync();

        Assert.True(File.Exists(Path.Combine(dir, DatabaseOptions.SqliteFileName)));
        await using var context = await provider.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
        Assert.IsType<SqlitePlatformDbContext>(context);
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await context.GrainStates.CountAsync());
    }

    [Fact]
    public async Task Migration_failure_is_not_memoized_and_succeeds_once_the_database_exists()
    {
        var server = await PostgresServer.GetAsync();
        var databaseName = "migrate_retry_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = databaseName, Pooling = false };
        await using var provider = PlatformServices.Build(PlatformServices.Postgres(connectionString.ConnectionString));
        var migrator = provider.GetRequiredService<PlatformDatabaseMigrator>();

        await Assert.ThrowsAsync<PostgresException>(() => migrator.EnsureMigratedAsync());
        Assert.False(migrator.IsMigrated);

        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        await migrator.EnsureMigratedAsync();
        Assert.True(migrator.IsMigrated);
    }
}
