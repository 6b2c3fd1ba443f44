using System.Diagnostics;
using McpPlatform.Persistence.AuditLog;
using McpPlatform.Persistence.Model;
using McpPlatform.TestCommon;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace McpPlatform.Persistence.Tests;

/// <summary>The audit log's writer and query, run against each provider (a real PostgreSQL server, a SQLite file) by the derived classes.</summary>
public abstract class AuditLogScenarios
{
    /// <summary>Settings for a fresh, empty database of the provider.</summary>
    protected abstract Task<Dictionary<string, string?>> CreateSettingsAsync(string prefix);

    /// <summary>SQL returning the names of tool_call_audit's columns in the database, as one column named <c>Value</c>.</summary>
    protected abstract string TableColumnsSql { get; }

    protected static ServiceProvider Build(Dictionary<string, string?> settings, string flushInterval, int? queueCapacity = null, int? retentionDays = null, int maxBatchSize = 40)
    {
        settings["Platform:Audit:FlushInterval"] = flushInterval;
        settings["Platform:Audit:MaxBatchSize"] = maxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
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

    private async Task<ServiceProvider> MigratedAsync(string prefix, string flushInterval, int? queueCapacity = null, int? retentionDays = null, int maxBatchSize = 40)
    {
        var provider = Build(await CreateSettingsAsync(prefix), flushInterval, queueCapacity, retentionDays, maxBatchSize);
        await provider.GetRequiredService<PlatformDatabaseMigrator>().EnsureMigratedAsync();
        return provider;
    }

    protected static ToolCallAuditRecord Record(string tenant, string tool, DateTime startedAt) => new()
    {
        TenantId = tenant,
        StartedAt = startedAt,
        Tool = tool,
        ApiId = "api",
        Outcome = "Success",
        DurationMs = 1.5,
    };

    protected static async Task<int> CountAsync(IServiceProvider provider)
    {
        await using var db = await provider.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
        return await db.ToolCallAudit.CountAsync();
    }

    protected static async Task WaitForCountAsync(IServiceProvider provider, int expected, TimeSpan timeout)
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

    [Fact]
    public async Task A_batch_of_500_records_with_every_field_set_or_null_reads_back_equal()
    {
        await using var provider = await MigratedAsync("audit_roundtrip", "00:00:00.050", maxBatchSize: 500);
        var writer = provider.GetRequiredService<AuditLogWriter>();
        var start = ToolCallAuditRecord.StoredTime(DateTimeOffset.UtcNow.AddHours(-1));
        var written = Enumerable.Range(0, 500).Select(i => i % 2 == 0 ? FullRecord(i, start) : SparseRecord(i, start)).ToList();
        Assert.All(OptionalFields, field => Assert.NotNull(field.GetValue(written[0])));
        Assert.All(OptionalFields, field => Assert.Null(field.GetValue(written[1])));

        // Queued before the writer starts, so its first flush writes them as one batch.
        Assert.All(written, record => Assert.True(writer.TryWrite(record)));
        await writer.StartAsync(CancellationToken.None);
        await WaitForCountAsync(provider, 500, TimeSpan.FromSeconds(20));
        await writer.StopAsync(CancellationToken.None);

        var read = (await provider.GetRequiredService<AuditLogQuery>().FindAsync(new AuditLogFilter("roundtrip", null, null, null, 1000))).Records;
        Assert.Equal(500, read.Count);
        // Every record came with id -1: the database assigned its own.
        Assert.Equal(500, read.Select(r => r.Id).Where(id => id > 0).Distinct().Count());
        var expected = written.OrderByDescending(r => r.StartedAt).ToList();
        for (var i = 0; i < expected.Count; i++)
        {
            foreach (var field in typeof(ToolCallAuditRecord).GetProperties().Where(p => p.Name != nameof(ToolCallAuditRecord.Id)))
            {
                Assert.True(Equals(field.GetValue(expected[i]), field.GetValue(read[i])),
                    $"{field.Name} of record {expected[i].RequestId}: wrote {field.GetValue(expected[i])}, read {field.GetValue(read[i])}");
            }

            Assert.Equal(DateTimeKind.Utc, read[i].StartedAt.Kind);
        }
    }

    [Fact]
    public async Task The_calls_of_one_principal_are_found_by_subject_with_their_client_and_scopes()
    {
        await using var provider = await MigratedAsync("audit_subject", "00:00:00.050");
        var writer = provider.GetRequiredService<AuditLogWriter>();
        await writer.StartAsync(CancellationToken.None);
        var start = ToolCallAuditRecord.StoredTime(DateTimeOffset.UtcNow.AddMinutes(-5));
        for (var i = 0; i < 12; i++)
        {
            var record = Record(i < 10 ? "acme" : "globex", "tool", start.AddSeconds(i));
            // Alice, Bob, then a key (no principal), in turn; globex has an Alice of its own.
            (record.Subject, record.ClientId, record.Scopes) = (i % 3) switch
            {
                0 => ("alice", "claude", "mcp:tools billing:write"),
                1 => ("bob", null, ""),
                _ => ((string?)null, (string?)null, (string?)null),
            };
            Assert.True(writer.TryWrite(record));
        }

        await WaitForCountAsync(provider, 12, TimeSpan.FromSeconds(20));
        await writer.StopAsync(CancellationToken.None);

        var query = provider.GetRequiredService<AuditLogQuery>();
        var alice = await query.FindAsync(new AuditLogFilter("acme", null, null, null, 2, Subject: "alice"));
        Assert.Equal([start.AddSeconds(9), start.AddSeconds(6)], alice.Records.Select(r => r.StartedAt));
        Assert.All(alice.Records, r => Assert.Equal(("acme", "alice", "claude", "mcp:tools billing:write"), (r.TenantId, r.Subject, r.ClientId, r.Scopes)));
        var rest = await query.FindAsync(new AuditLogFilter("acme", null, null, alice.Next, 10, Subject: "alice"));
        Assert.Equal([start.AddSeconds(3), start], rest.Records.Select(r => r.StartedAt));
        Assert.Null(rest.Next);

        var bob = (await query.FindAsync(new AuditLogFilter("acme", "tool", null, null, 10, Subject: "bob"))).Records;
        Assert.Equal(3, bob.Count);
        Assert.All(bob, r => Assert.Equal(("bob", null, ""), (r.Subject, r.ClientId, r.Scopes)));
        Assert.Empty((await query.FindAsync(new AuditLogFilter("acme", null, null, null, 10, Subject: "carol"))).Records);
    }

    [Fact]
    public async Task The_batch_writer_fills_every_column_of_the_table_but_the_id()
    {
        await using var provider = await MigratedAsync("audit_columns", "00:05:00");
        await using var db = await provider.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
        var inDatabase = await db.Database.SqlQueryRaw<string>(TableColumnsSql).ToListAsync();

        var written = AuditTable.Of(db).Columns.Select(c => c.Name.Trim('"')).ToList();
        Assert.Equal(inDatabase.Where(c => c != "id").Order(), written.Order());
    }

    /// <summary>The record's nullable fields: set in <see cref="FullRecord"/>, null in <see cref="SparseRecord"/>.</summary>
    private static readonly System.Reflection.PropertyInfo[] OptionalFields = typeof(ToolCallAuditRecord).GetProperties()
        .Where(p => !p.PropertyType.IsValueType || Nullable.GetUnderlyingType(p.PropertyType) is not null)
        .Where(p => p.Name is not (nameof(ToolCallAuditRecord.TenantId) or nameof(ToolCallAuditRecord.Tool) or nameof(ToolCallAuditRecord.Outcome)))
        .ToArray();

    /// <summary>Every field set, to a value of its own (strings up to the column size, non-ASCII text, fractions no decimal writes exactly).</summary>
    private static ToolCallAuditRecord FullRecord(int i, DateTime start) => new()
    {
        Id = -1,
        TenantId = "roundtrip",
        StartedAt = start.AddTicks(i * 13 * TimeSpan.TicksPerMicrosecond),
        Tool = i == 0 ? new string('t', ToolCallAuditLimits.Tool) : $"tööl-{i}",
        ApiId = $"api-{i}",
        KeyId = i == 0 ? new string('k', ToolCallAuditLimits.Id) : $"key-{i}",
        SessionId = $"session-€-{i}",
        Subject = i == 0 ? new string('s', ToolCallAuditLimits.Subject) : $"user-ü-{i}",
        ClientId = i == 0 ? new string('c', ToolCallAuditLimits.ClientId) : $"client-{i}",
        Scopes = i == 0 ? new string('x', ToolCallAuditLimits.Scopes) : $"mcp:tools billing:write-{i}",
        RequestId = $"{i}",
        Outcome = i % 4 == 0 ? "UpstreamError" : "Success",
        UpstreamStatus = 100 + i,
        DurationMs = i / 3.0,
        UpstreamDurationMs = i / 7.0,
        IdempotentReplay = i % 4 == 2,
        TraceId = i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Only the required fields; every nullable one null.</summary>
    private static ToolCallAuditRecord SparseRecord(int i, DateTime start) => new()
    {
        Id = -1,
        TenantId = "roundtrip",
        StartedAt = start.AddTicks(i * 13 * TimeSpan.TicksPerMicrosecond),
        Tool = $"tool-{i}",
        Outcome = "Cancelled",
        DurationMs = -i,
    };
}

public sealed class SqliteAuditLogScenarios : AuditLogScenarios
{
    protected override Task<Dictionary<string, string?>> CreateSettingsAsync(string prefix) =>
        Task.FromResult(PlatformServices.Sqlite(PlatformServices.NewTempDirectory()));

    protected override string TableColumnsSql => $"SELECT name AS Value FROM pragma_table_info('{PlatformTableNames.ToolCallAudit}')";
}

public sealed class PostgresAuditLogScenarios : AuditLogScenarios
{
    protected override Task<Dictionary<string, string?>> CreateSettingsAsync(string prefix) => PlatformServices.FreshPostgresAsync(prefix);

    protected override string TableColumnsSql =>
        "SELECT column_name AS \"Value\" FROM information_schema.columns " +
        $"WHERE table_schema = '{PlatformTableNames.Schema}' AND table_name = '{PlatformTableNames.ToolCallAudit}'";

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
