using McpPlatform.Persistence.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace McpPlatform.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DatabaseOptions"/> (validated on start), a pooled
    /// <c>IDbContextFactory&lt;PlatformDbContext&gt;</c> for the configured provider, the
    /// <see cref="PlatformDatabaseMigrator"/> and a hosted service that migrates at start-up.
    /// Idempotent. Call it before <c>UseOrleans</c> so migrations run before the silo/client starts.
    /// </summary>
    public static IServiceCollection AddPlatformDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(PlatformDatabaseMarker)))
        {
            return services;
        }

        services.AddSingleton<PlatformDatabaseMarker>();
        services.AddSingleton<IConfigureOptions<DatabaseOptions>>(new DatabaseOptionsSetup(configuration));
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddOptions<DatabaseOptions>().ValidateOnStart();

        // Both pools are registered; only the one for the configured provider is ever resolved (pools are lazy).
        services.AddPooledDbContextFactory<SqlitePlatformDbContext>((sp, builder) =>
            PlatformDbContextOptions.ConfigureSqlite(builder, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddPooledDbContextFactory<PostgresPlatformDbContext>((sp, builder) =>
            PlatformDbContextOptions.ConfigurePostgres(builder, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.TryAddSingleton<IDbContextFactory<PlatformDbContext>>(sp =>
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider switch
            {
                DatabaseProvider.Postgres => new PlatformDbContextFactory<PostgresPlatformDbContext>(
                    sp.GetRequiredService<IDbContextFactory<PostgresPlatformDbContext>>()),
                _ => new PlatformDbContextFactory<SqlitePlatformDbContext>(
                    sp.GetRequiredService<IDbContextFactory<SqlitePlatformDbContext>>()),
            });

        services.TryAddSingleton<PlatformDatabaseMigrator>();
        services.AddHostedService<DatabaseMigrationHostedService>();
        return services;
    }

    /// <summary>Marks that <see cref="AddPlatformDatabase"/> already ran on a service collection.</summary>
    private sealed class PlatformDatabaseMarker;
}
