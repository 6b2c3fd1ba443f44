using McpPlatform.Grains.Auth;
using McpPlatform.Grains.Credentials;
using McpPlatform.Grains.Dispatch;
using McpPlatform.Grains.Dispatch.Network;
using McpPlatform.Grains.Registry;
using McpPlatform.Grains.Results;
using McpPlatform.Grains.Retention;
using McpPlatform.Grains.Telemetry;
using McpPlatform.Persistence.AuditLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Hosting;

public static class GrainServiceCollectionExtensions
{
    /// <summary>Services the grains need on every silo: upstream HTTP clients, credentials, document fetching, dispatch.</summary>
    /// <param name="embedded">
    /// The single-process quick start: tenants' URLs may be private (its APIs run on the same machine), and the key for
    /// upstream secrets is generated into the data folder. A cluster silo gets neither by default.
    /// </param>
    public static IServiceCollection AddPlatformGrainServices(this IServiceCollection services, bool embedded = false)
    {
        // The mode's default first, so configuration (bound next) overrides it.
        services.Configure<UpstreamOptions>(upstream => upstream.AllowPrivateNetworks = embedded);
        services.AddOptions<UpstreamOptions>()
            .BindConfiguration(UpstreamOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<StoredResponseOptions>()
            .BindConfiguration(StoredResponseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UpstreamOptions>, UpstreamOptionsValidator>());
        services.AddOptions<SecretsOptions>()
            .BindConfiguration(SecretsOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidator>());
        if (embedded)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<SecretsOptions>, LocalEncryptionKey>());
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SecretProtector>();
        services.TryAddSingleton<ApiCredentialSealer>();
        services.TryAddSingleton<ClientCredentialsTokens>();
        services.TryAddSingleton<UpstreamCredentials>();
        services.TryAddSingleton<LargeResponseLinks>();
        services.AddOptions<IdentityProviderOptions>()
            .BindConfiguration(IdentityProviderOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RecordRetentionOptions>()
            .BindConfiguration(RecordRetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHostedService<EndedRecordSweeper>();
        services.TryAddSingleton<DocumentFetcher>();
        services.TryAddSingleton<UpstreamDispatcher>();
        services.TryAddSingleton<ApiBuilder>();
        services.AddUpstreamHttpClients();
        services.AddPlatformCallGuards();
        services.AddPlatformAuditLog();
        services.TryAddSingleton<ToolCallRecorder>();
        services.TryAddTransient<UpstreamLatencyHandler>();
        return services;
    }
}
