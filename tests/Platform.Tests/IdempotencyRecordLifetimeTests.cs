using McpPlatform.Persistence;
using McpPlatform.Platform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Platform.Tests;

/// <summary>Idempotency records over a platform's life: each test runs a platform of its own (a restart, a short time to live).</summary>
[Collection(PlatformCollection.Name)]
public sealed class IdempotencyRecordLifetimeTests(PlatformFixture fixture)
{
    private int OrdersPosted(TestTenant tenant) => fixture.Upstream.RequestsFor(tenant.Id).Count(r => r.Method == "POST" && r.Path == "/orders");

    private static async Task<int> StoredRecordsAsync(PlatformFactory platform)
    {
        var contexts = platform.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>();
        await using var context = await contexts.CreateDbContextAsync();
        return await context.GrainStates.CountAsync(r => r.StateName == "idempotency");
    }

    [Fact]
    public async Task A_stored_result_outlives_a_restart_of_the_platform()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mcp-platform-restart-" + Guid.NewGuid().ToString("N"));
        var key = "order-" + Guid.NewGuid();
        TestTenant tenant;
        int before;
        await using (var first = new PlatformFactory(dataDirectory: dataDirectory) { KeepData = true })
        {
            (tenant, var session) = await OrdersSession.StartOnAsync(first, fixture.Upstream);
            using (session)
            {
                before = (await session.CallAsync("createOrder", new { item = "tea" }, headerKey: key)).Order();
            }
        }

        await using var restarted = new PlatformFactory(dataDirectory: dataDirectory);
        var (_, again) = await OrdersSession.StartOnAsync(restarted, fixture.Upstream, tenant);
        using var _ = again;
        var after = await again.CallAsync("createOrder", new { item = "tea" }, headerKey: key);

        Assert.Equal(before, after.Order());
        Assert.Equal(1, OrdersPosted(tenant));
    }

    [Fact]
    public async Task After_its_time_to_live_a_key_is_forgotten_and_its_record_swept_from_the_database()
    {
        await using var platform = new PlatformFactory(new Dictionary<string, string?>
        {
            ["Platform:Idempotency:RecordTtl"] = "00:00:02",
            ["Platform:Idempotency:SweepInterval"] = "00:00:01",
        });
        var (tenant, session) = await OrdersSession.StartOnAsync(platform, fixture.Upstream);
        using var _ = session;
        var key = "order-" + Guid.NewGuid();

        var first = await session.CallAsync("createOrder", new { item = "tea" }, headerKey: key);
        var repeat = await session.CallAsync("createOrder", new { item = "tea" }, headerKey: key);
        Assert.Equal(first.Order(), repeat.Order());
        Assert.Equal(1, await StoredRecordsAsync(platform));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await StoredRecordsAsync(platform) > 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the expired record is still in the database");
            await Task.Delay(250);
        }

        // The key's grain may still hold the record in memory; the key is forgotten all the same.
        var afterExpiry = await session.CallAsync("createOrder", new { item = "tea" }, headerKey: key);
        Assert.NotEqual(first.Order(), afterExpiry.Order());
        Assert.Equal(2, OrdersPosted(tenant));
    }
}
