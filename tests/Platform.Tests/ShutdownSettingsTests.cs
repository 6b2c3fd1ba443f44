using McpPlatform.Frontend.Draining;
using McpPlatform.Frontend.Hosting;
using McpPlatform.Grains.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace McpPlatform.Platform.Tests;

/// <summary>The drain and health settings: checked at start-up, and the host's shutdown timeout made to cover the drain.</summary>
public sealed class ShutdownSettingsTests
{
    [Fact]
    public void A_cluster_frontend_waits_for_the_balancer_and_the_quick_start_does_not()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Drain(PlatformMode.Cluster).GetRequiredService<IOptions<ShutdownOptions>>().Value.DrainDelay);
        Assert.Equal(TimeSpan.Zero, Drain(PlatformMode.Embedded).GetRequiredService<IOptions<ShutdownOptions>>().Value.DrainDelay);
        Assert.Equal(TimeSpan.FromSeconds(2),
            Drain(PlatformMode.Embedded, ("Platform:Shutdown:DrainDelay", "00:00:02")).GetRequiredService<IOptions<ShutdownOptions>>().Value.DrainDelay);
    }

    [Fact]
    public void The_hosts_shutdown_timeout_covers_the_drain_delay_and_the_calls_in_flight()
    {
        using var services = Drain(PlatformMode.Cluster, ("Platform:Shutdown:DrainDelay", "00:00:20"), ("Platform:Shutdown:InFlightTimeout", "00:02:00"));
        var host = services.GetRequiredService<IOptions<HostOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(20 + 120) + ShutdownOptions.StopAfterDrain, host.ShutdownTimeout);
    }

    [Theory]
    [InlineData("Platform:Shutdown:DrainDelay", "00:05:00", "DrainDelay")]
    [InlineData("Platform:Shutdown:InFlightTimeout", "-00:00:01", "InFlightTimeout")]
    public void A_bad_shutdown_setting_is_refused_at_start_up_naming_it(string key, string value, string named)
    {
        using var services = Drain(PlatformMode.Cluster, (key, value));
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ShutdownOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Platform:Health:CacheDuration", "00:01:00", "CacheDuration")]
    [InlineData("Platform:Health:Timeout", "00:00:00", "Timeout")]
    public void A_bad_health_setting_is_refused_at_start_up_naming_it(string key, string value, string named)
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(Configuration((key, value)));
        using var provider = services.AddSiloHealthChecks().BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HealthProbeOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Drain(PlatformMode mode, params (string Key, string Value)[] settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(Configuration(settings))
            .AddLogging()
            .AddFrontendDrain(mode)
            .BuildServiceProvider();

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
}
