using McpPlatform.Persistence.AuditLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Persistence.Tests;

/// <summary>The audit log's settings, checked at start-up whatever the provider.</summary>
public sealed class AuditLogOptionsScenarios
{
    [Theory]
    [InlineData("Platform:Audit:FlushInterval", "00:00:00", "FlushInterval")]
    [InlineData("Platform:Audit:MaxBatchSize", "0", "MaxBatchSize")]
    [InlineData("Platform:Audit:RetentionDays", "0", "RetentionDays")]
    public void A_bad_audit_setting_is_refused_at_start_up_naming_it(string key, string value, string named)
    {
        var settings = PlatformServices.Sqlite(PlatformServices.NewTempDirectory());
        settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPlatformAuditLog();
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuditLogOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
