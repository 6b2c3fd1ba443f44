using System.Diagnostics;
using McpPlatform.Persistence.AuditLog;
using McpPlatform.Persistence.Model;
using McpPlatform.TestCommon;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace McpPlatform.Persistence.Tests;

/// <summary>The audit log's writer and query against a real PostgreSQL server.</summary>
public sealed class AuditLogScenarios
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, string flushInterval, int? queueCapacity = null, int? retentionDays = null)
    {
        settings["Platform:Audit:FlushInterval"] = flushInterval;
        settings["Platform:Audit:MaxBatchSize"] = "40";
        if (queueCapacity is { } capacity)
        {
            settings["Platform:Audit:QueueCapacity"] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (retentionDays is { } days)
        {
            settings["Platform:Audit:RetentionDays"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPlatformDatabase(configuration);
        services.AddPlatformAuditLog();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static async Task<ServiceProvider> MigratedAsync(string prefix, string flushInterval, int? queueCapacity = null, int? retentionDays = null)
    {
        var provider = Build(await PlatformServices.FreshPostgresAsync(prefix), flushInterval, queueCapacity, retentionDays);
        await provider.GetRequiredService<PlatformDatabaseMigrator>().EnsureMigratedAsync();
        return provider;
    }

    private static ToolCallAuditRecord Record(string tenant, string tool, DateTime startedAt) => new()
    {
        TenantId = tenant,
        StartedAt = startedAt,
        Tool = tool,
        ApiId = "api",
        Outcome = "Success",
        DurationMs = 1.5,
    };

    private static async Task<int> CountAsync(IServiceProvider provider)
    {
        await using var db = await provider.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
        return await db.ToolCallAudit.CountAsync();
    }

    private static async Task WaitForCountAsync(IServiceProvider provider, int expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (await CountAsync(provider) != expected)
        {
            Assert.True(clock.Elapsed < timeout, $"expected {expected} records within {timeout}, have {await CountAsync(provider)}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_burst_of_records_is_written_in_batches_and_read_back_newest_first_page_by_page()
    {
        await using var provider = await MigratedAsync("audit_burst", "00:00:00.100");
        var writer = provider.GetRequiredService<AuditLogWriter>();
        await writer.StartAsync(CancellationToken.None);

        // Ten records share each time, so the id has to break ties for the order and the cursor.
        var start = ToolCallAuditRecord.StoredTime(DateTimeOffset.UtcNow.AddMinutes(-10));
        for (var i = 0; i < 250; i++)
        {
            Assert.True(writer.TryWrite(Record("acme", i % 2 == 0 ? "a" : "b", start.AddSeconds(i / 10))));
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.True(writer.TryWrite(Record("globex", "a", start.AddSeconds(i))));
        }

        await WaitForCountAsync(provider, 270, TimeSpan.FromSeconds(20));
        await writer.StopAsync(CancellationToken.None);

        var query = provider.GetRequiredService<AuditLogQuery>();
        var read = new List<ToolCallAuditRecord>();
        AuditCursor? cursor = null;
        do
        {
            var page = await query.FindAsync(new AuditLogFilter("acme", "a", null, cursor, 30));
            Assert.True(page.Records.Count == 30 || page.Next is null);
            read.AddRange(page.Records);
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(125, read.Count);
        Assert.All(read, r => Assert.Equal(("acme", "a"), (r.TenantId, r.Tool)));
        Assert.Equal(125, read.Select(r => r.Id).Distinct().Count());
        Assert.Equal(read.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Select(r => r.Id), read.Select(r => r.Id));
        Assert.All(read, r => Assert.Equal(DateTimeKind.Utc, r.StartedAt.Kind));

        // 'since' is inclusive: the last 5 seconds of acme's records (times start+20 s … start+24 s) are 50 records.
        var recent = await query.FindAsync(new AuditLogFilter("acme", null, start.AddSeconds(20), null, 1000));
        Assert.Equal(50, recent.Records.Count);
        Assert.Null(recent.Next);
    }

    [Fact]
    public async Task Records_still_queued_are_written_when_the_host_stops()
    {
        // A flush interval far longer than the test: only the stop can write them.
        await using var provider = await MigratedAsync("audit_stop", "00:05:00");
        var writer = provider.GetRequiredService<AuditLogWriter>();
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 25; i++)
        {
            Assert.True(writer.TryWrite(Record("acme", "tool", ToolCallAuditRecord.StoredTime(DateTimeOffset.UtcNow))));
        }

        await Task.Delay(300);
        Assert.Equal(0, await CountAsync(provider));

        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(25, await CountAsync(provider));
    }

    [Fact]
    public async Task A_full_queue_drops_new_records_instead_of_holding_up_the_call()
    {
        await using var provider = await MigratedAsync("audit_full", "00:05:00", queueCapacity: 100);
        var writer = provider.GetRequiredService<AuditLogWriter>();

        var accepted = Enumerable.Range(0, 150).Count(_ => writer.TryWrite(Record("acme", "tool", ToolCallAuditRecord.StoredTime(DateTimeOffset.UtcNow))));
        Assert.Equal(100, accepted);

        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(100, await CountAsync(provider));
    }

    [Fact]
    public async Task Records_older_than_the_retention_are_deleted()
    {
        await using var provider = await MigratedAsync("audit_retention", "00:00:00.050", retentionDays: 2);
        var now = DateTimeOffset.UtcNow;
        await using (var db = await provider.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync())
        {
            db.ToolCallAudit.AddRange(
                Record("acme", "old", ToolCallAuditRecord.StoredTime(now.AddDays(-3))),
                Record("acme", "recent", ToolCallAuditRecord.StoredTime(now.AddDays(-1))));
            await db.SaveChangesAsync();
        }

        var writer = provider.GetRequiredService<AuditLogWriter>();
        await writer.StartAsync(CancellationToken.None);
        Assert.True(writer.TryWrite(Record("acme", "new", ToolCallAuditRecord.StoredTime(now))));

        // The clean-up runs after the first batch is written.
        var query = provider.GetRequiredService<AuditLogQuery>();
        var clock = Stopwatch.StartNew();
        IEnumerable<string> tools;
        do
        {
            await Task.Delay(50);
            tools = (await query.FindAsync(new AuditLogFilter("acme", null, null, null, 10))).Records.Select(r => r.Tool).ToList();
        }
        while (tools.Contains("old") && clock.Elapsed < TimeSpan.FromSeconds(10));

        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(["new", "recent"], tools);
    }

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

    [Fact]
    public async Task Records_written_while_the_database_is_unreachable_arrive_once_it_is_back()
    {
        var server = await PostgresServer.GetAsync();
        var databaseName = "audit_outage_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = databaseName, Pooling = false };
        await using var provider = Build(PlatformServices.Postgres(connectionString.ConnectionString), "00:00:00.050");
        var writer = provider.GetRequiredService<AuditLogWriter>();
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(writer.TryWrite(Record("acme", "tool", ToolCallAuditRecord.StoredTime(DateTimeOffset.UtcNow))));
        }

        // The database does not exist yet: the writer fails, keeps the records and tries again.
        await Task.Delay(500);
        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        await provider.GetRequiredService<PlatformDatabaseMigrator>().EnsureMigratedAsync();
        await WaitForCountAsync(provider, 10, TimeSpan.FromSeconds(30));
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(10, await CountAsync(provider));
    }
}
