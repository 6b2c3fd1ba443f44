using System.Globalization;
using McpPlatform.TestCommon;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>The platform in its embedded mode (co-hosted silo, SQLite in a temporary folder), shared by a test collection.</summary>
/// <param name="settings">Configuration on top of the defaults below (a null value removes a setting).</param>
/// <param name="services">Replaces services after the platform registered its own.</param>
/// <param name="dataDirectory">Reuse a data folder (a restart); by default a new temporary one, deleted on dispose.</param>
public sealed class PlatformFactory(
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null,
    string? dataDirectory = null) : WebApplicationFactory<Program>
{
    public const string OperatorKey = "test-operator-key-0123456789";
    public const int ToolsPageSize = 4;

    public string DataDirectory { get; } = dataDirectory ?? Path.Combine(Path.GetTempPath(), "mcp-platform-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>What the platform logged, down to Trace for its own code and the HTTP stack (for "never logged" checks).</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Leaves the database behind on dispose, for a restart.</summary>
    public bool KeepData { get; init; }

    /// <summary>Every span and log record the platform exported (frontend and silo share this process).</summary>
    public ExportedTelemetry Telemetry { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Platform:Mode", "Embedded");
        builder.UseSetting("Platform:AdminKey", OperatorKey);
        builder.UseSetting("Platform:Database:Provider", "Sqlite");
        builder.UseSetting("Platform:Database:DataDirectory", DataDirectory);
        builder.UseSetting("Platform:Cluster:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Platform:Cluster:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Platform:Cluster:ClusterId", "tests-" + Guid.NewGuid().ToString("N")[..8]);
        builder.UseSetting("Platform:Upstreams:DefaultTimeoutSeconds", "5");
        // Small pages, so every tools/list test also exercises paging.
        builder.UseSetting("Platform:Mcp:ToolsPageSize", ToolsPageSize.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Platform:Mcp:MaxRequestBodyBytes", "1048576");
        // Legacy SSE streams get a keep-alive comment (and confirm their session with the cluster) every second.
        builder.UseSetting("Platform:Mcp:StreamKeepAliveInterval", "00:00:01");
        // The test upstreams run on this machine (also the embedded default; said here because the tests rely on it).
        builder.UseSetting("Platform:Upstreams:AllowPrivateNetworks", "true");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => Logs.AttachTo(logging));
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
        // Audit records reach the database within a fifth of a second.
        builder.UseSetting("Platform:Audit:FlushInterval", "00:00:00.200");
        builder.ConfigureServices(services => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(Telemetry.Spans))
            .WithLogging(logging => logging.AddInMemoryExporter(Telemetry.Logs)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (dataDirectory is not null || KeepData)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One platform and one upstream for all tests of the collection; each test works in its own tenant.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public PlatformFactory Platform { get; } = new();

    public TestUpstream Upstream { get; } = new();

    public async Task InitializeAsync()
    {
        await Upstream.StartAsync();
        _ = Platform.Server; // starts the host (and its silo)
    }

    public async Task DisposeAsync()
    {
        await Platform.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    public AdminApiClient Admin(string key = PlatformFactory.OperatorKey) => new(Platform.CreateClient(), key);

    /// <summary>A new tenant with an admin and an agent key.</summary>
    public async Task<TestTenant> CreateTenantAsync(string prefix = "t")
    {
        var id = $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
        using var admin = Admin();
        await admin.CreateTenantAsync(id);
        var adminKey = await admin.CreateKeyAsync(id, "admin", "admin");
        var agentKey = await admin.CreateKeyAsync(id, "agent", "agent");
        return new TestTenant(id, adminKey, agentKey);
    }
}

public sealed record TestTenant(string Id, string AdminKey, string AgentKey);

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
