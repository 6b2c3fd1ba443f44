using McpPlatform.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace McpPlatform.Persistence;

/// <summary>Provider configuration shared by run time (DI) and design time (dotnet ef).</summary>
internal static class PlatformDbContextOptions
{
    public static void ConfigureSqlite(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(options.SqliteFilePath)!);
        builder.UseSqlite(SqliteConnectionString(options), sqlite =>
            sqlite.MigrationsHistoryTable(PlatformTableNames.MigrationsHistory));
    }

    public static void ConfigurePostgres(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        builder.UseNpgsql(options.PostgresConnectionString, npgsql =>
            npgsql.MigrationsHistoryTable(PlatformTableNames.MigrationsHistory, PlatformTableNames.Schema));
    }

    public static string SqliteConnectionString(DatabaseOptions options) =>
        // A generous busy timeout lets concurrent writers in one process queue instead of failing with SQLITE_BUSY.
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = options.SqliteFilePath,
            DefaultTimeout = 30,
            Pooling = true,
        }.ConnectionString;

    public static NpgsqlConnectionStringBuilder ParsePostgres(DatabaseOptions options) => new(options.PostgresConnectionString);
}
