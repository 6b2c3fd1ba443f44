using McpPlatform.Frontend.Draining;
using McpPlatform.Grains.Hosting;
using McpPlatform.Persistence;
using McpPlatform.Persistence.AuditLog;

namespace McpPlatform.Frontend.Hosting;

public static class PlatformHostingExtensions
{
    /// <summary>Connects this frontend to the grains: co-hosting a silo (embedded) or as a cluster client.</summary>
    public static WebApplicationBuilder AddPlatformCluster(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlatformOptions>()
            .BindConfiguration(PlatformOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var mode = builder.Configuration.GetSection(PlatformOptions.SectionName).GetValue<PlatformMode?>(nameof(PlatformOptions.Mode)) ?? PlatformMode.Embedded;

        // The database is migrated before Orleans starts: the silo's membership and storage live in it.
        builder.Services.AddPlatformDatabase(builder.Configuration);
        // Before Orleans: the audit writer then stops after the co-hosted silo and writes the last calls' records.
        builder.Services.AddPlatformAuditLog();
        if (mode == PlatformMode.Embedded)
        {
            builder.UseOrleans(silo => silo.AddPlatformSilo(builder.Configuration, embedded: true));
        }
        else
        {
            builder.UseOrleansClient(client => client.AddPlatformClient(builder.Configuration));
        }

        builder.Services.AddFrontendDrain(mode);

        return builder;
    }
}
