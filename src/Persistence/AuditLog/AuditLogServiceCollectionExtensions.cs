using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpPlatform.Persistence.AuditLog;

public static class AuditLogServiceCollectionExtensions
{
    /// <summary>
    /// The tool-call audit log: its options (validated on start), the batching writer and the query. Idempotent.
    /// Call it before <c>UseOrleans</c>: hosted services stop in reverse order, so the writer then stops after the silo
    /// and writes the records of calls that finished while the silo shut down.
    /// </summary>
    public static IServiceCollection AddPlatformAuditLog(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(AuditLogWriter)))
        {
            return services;
        }

        services.AddOptions<AuditLogOptions>()
            .BindConfiguration(AuditLogOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AuditLogWriter>();
        services.TryAddSingleton<AuditLogQuery>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditLogWriter>());
        return services;
    }
}
