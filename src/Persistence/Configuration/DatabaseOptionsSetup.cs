using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace McpPlatform.Persistence.Configuration;

/// <summary>
/// Binds <see cref="DatabaseOptions"/> from configuration, including the provider inference rule
/// (a Postgres connection string without an explicit provider means Postgres).
/// </summary>
internal sealed class DatabaseOptionsSetup(IConfiguration configuration) : IConfigureOptions<DatabaseOptions>
{
    private const string ProviderKey = nameof(DatabaseOptions.Provider);

    public void Configure(DatabaseOptions options) => Apply(configuration, options);

    internal static void Apply(IConfiguration configuration, DatabaseOptions options)
    {
        var section = configuration.GetSection(DatabaseOptions.SectionName);
        section.Bind(options);

        var connectionString = configuration.GetConnectionString(DatabaseOptions.PostgresConnectionStringName);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            options.PostgresConnectionString = connectionString;
            if (string.IsNullOrWhiteSpace(section[ProviderKey]))
            {
                options.Provider = DatabaseProvider.Postgres;
            }
        }
    }
}
