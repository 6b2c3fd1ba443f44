using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace McpPlatform.Persistence;

// Used only by `dotnet ef migrations add`; the connection strings are never opened when generating migrations.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePlatformDbContext>
{
    public SqlitePlatformDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqlitePlatformDbContext>();
        PlatformDbContextOptions.ConfigureSqlite(builder, new DatabaseOptions { DataDirectory = Path.GetTempPath() });
        return new SqlitePlatformDbContext(builder.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPlatformDbContext>
{
    public PostgresPlatformDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresPlatformDbContext>();
        PlatformDbContextOptions.ConfigurePostgres(builder, new DatabaseOptions
        {
            Provider = DatabaseProvider.Postgres,
            PostgresConnectionString = "Host=localhost;Database=mcp_design_time",
        });
        return new PostgresPlatformDbContext(builder.Options);
    }
}
