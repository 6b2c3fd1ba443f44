using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpPlatform.Persistence.Tests;

public sealed class DatabaseOptionsScenarios
{
    [Fact]
    public void Defaults_to_sqlite_in_data_folder()
    {
        using var provider = PlatformServices.Build(new Dictionary<string, string?>());
        var options = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;

        Assert.Equal(DatabaseProvider.Sqlite, options.Provider);
        Assert.Equal("./data", options.DataDirectory);
        Assert.EndsWith(Path.Combine("data", "platform.db"), options.SqliteFilePath);
    }

    [Fact]
    public void Postgres_connection_string_without_explicit_provider_selects_postgres()
    {
        using var provider = PlatformServices.Build(PlatformServices.Postgres("Host=db;Database=mcp;Username=mcp"));
        var options = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;

        Assert.Equal(DatabaseProvider.Postgres, options.Provider);
        Assert.Equal("Host=db;Database=mcp;Username=mcp", options.PostgresConnectionString);
    }

    [Fact]
    public void Explicit_sqlite_provider_wins_over_a_postgres_connection_string()
    {
        var settings = PlatformServices.Postgres("Host=db");
        settings["Platform:Database:Provider"] = "Sqlite";
        using var provider = PlatformServices.Build(settings);

        Assert.Equal(DatabaseProvider.Sqlite, provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider);
    }

    [Fact]
    public void Postgres_without_connection_string_fails_with_actionable_message()
    {
        using var provider = PlatformServices.Build(new Dictionary<string, string?> { ["Platform:Database:Provider"] = "Postgres" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DatabaseOptions>>().Value);
        Assert.Contains("ConnectionStrings:Postgres", error.Message);
    }

    [Fact]
    public void Sqlite_validation_creates_the_data_folder()
    {
        var dir = PlatformServices.NewTempDirectory();
        using var provider = PlatformServices.Build(PlatformServices.Sqlite(dir));

        _ = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;

        Assert.True(Directory.Exists(dir));
    }
}
