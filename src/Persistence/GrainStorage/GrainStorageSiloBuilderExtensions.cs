using McpPlatform.Persistence.GrainStorage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace McpPlatform.Persistence;

public static class GrainStorageSiloBuilderExtensions
{
    /// <summary>
    /// Adds a grain storage provider named <paramref name="name"/> backed by the platform database
    /// (also registers <c>AddPlatformDatabase</c> from the silo's configuration if that was not done yet).
    /// </summary>
    public static ISiloBuilder AddPlatformGrainStorage(this ISiloBuilder builder, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.AddPlatformDatabase(builder.Configuration);
        builder.Services.AddGrainStorage(name, static (sp, providerName) =>
            ActivatorUtilities.CreateInstance<PlatformGrainStorage>(sp, providerName));
        builder.Services.TryAddSingleton<GrainStateSweeper>();
        return builder;
    }

    /// <summary>Adds the platform grain storage as the default provider (used by <c>[PersistentState]</c> without a storage name).</summary>
    public static ISiloBuilder AddPlatformGrainStorageAsDefault(this ISiloBuilder builder) =>
        builder.AddPlatformGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
}
