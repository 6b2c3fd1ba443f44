using System.Globalization;
using McpPlatform.TestCommon;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>The platform in its embedded mode (co-hosted silo, SQLite in a temporary folder), shared by a test collection.</summary>
public sealed class PlatformFactory : WebApplicationFactory<Program>
{
    public const string OperatorKey = "test-operator-key-0123456789";
    public const int ToolsPageSize = 4;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "mcp-platform-tests-" + Guid.NewGuid().ToString("N"));

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
        // Audit records reach the database within a fifth of a second.
        builder.UseSetting("Platform:Audit:FlushInterval", "00:00:00.200");
        builder.ConfigureServices(services => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(Telemetry.Spans))
            .WithLogging(logging => logging.AddInMemoryExporter(Telemetry.Logs)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
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
