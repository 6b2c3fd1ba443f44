using McpPlatform.Persistence;
using McpPlatform.TestCommon;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace McpPlatform.Persistence.Tests;

/// <summary>Builds the persistence services exactly as a host would, from configuration keys.</summary>
internal static class PlatformServices
{
    public const string ServiceId = "persistence-tests";

    public static ServiceProvider Build(IDictionary<string, string?> settings, string clusterId = "test-cluster")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPlatformDatabase(configuration);
        services.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = ServiceId;
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static Dictionary<string, string?> Postgres(string connectionString) => new()
    {
        ["ConnectionStrings:Postgres"] = connectionString,
    };

    public static Dictionary<string, string?> Sqlite(string dataDirectory) => new()
    {
        ["Platform:Database:Provider"] = "Sqlite",
        ["Platform:Database:DataDirectory"] = dataDirectory,
    };

    public static async Task<Dictionary<string, string?>> FreshPostgresAsync(string prefix)
    {
        var server = await PostgresServer.GetAsync();
        return Postgres(await server.CreateDatabaseAsync(prefix));
    }

    public static string NewTempDirectory() =>
        Path.Combine(Path.GetTempPath(), "mcp-persistence-tests", Guid.NewGuid().ToString("N"), "data");
}
