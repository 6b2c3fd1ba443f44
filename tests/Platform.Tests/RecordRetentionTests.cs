using McpPlatform.Grains.Sessions;
using McpPlatform.Persistence;
using McpPlatform.Platform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Platform.Tests;

/// <summary>Ended sessions do not pile up in the system of record (a platform of its own, with a retention of seconds).</summary>
public sealed class RecordRetentionTests
{
    [Fact]
    public async Task A_session_record_nobody_wrote_for_its_retention_is_deleted_while_a_live_one_stays()
    {
        await using var platform = new PlatformFactory(new Dictionary<string, string?>
        {
            ["Platform:Retention:SessionRecords"] = "00:00:03",
            ["Platform:Retention:SweepInterval"] = "00:00:01",
        });
        using var operatorAdmin = new AdminApiClient(platform.CreateClient(), PlatformFactory.OperatorKey);
        await operatorAdmin.CreateTenantAsync("retention");
        var key = await operatorAdmin.CreateKeyAsync("retention", "agent", "agent");
        using var http = platform.CreateClient();

        var ended = await RawMcp.StartSessionAsync(http, "retention", key);
        Assert.Equal(200, (await RawMcp.SendAsync(http, HttpMethod.Delete, "retention", key, null, ended)).Status);
        Assert.True(await RecordExistsAsync(platform, ended), "the ended session's tombstone is stored at first");

        // The sweeper deletes by age of the last write: the ended record goes; a record written within the retention stays.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (await RecordExistsAsync(platform, ended) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        var live = await RawMcp.StartSessionAsync(http, "retention", key);
        Assert.False(await RecordExistsAsync(platform, ended), "the ended session's record was swept");
        Assert.True(await RecordExistsAsync(platform, live), "a session written within its retention stays");
        Assert.Equal(404, (await RawMcp.SendAsync(http, HttpMethod.Post, "retention", key, """{"jsonrpc":"2.0","id":1,"method":"ping"}""", ended)).Status);
    }

    private static async Task<bool> RecordExistsAsync(PlatformFactory platform, string sessionId)
    {
        var contexts = platform.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>();
        await using var context = await contexts.CreateDbContextAsync();
        return await context.GrainStates.AnyAsync(r => r.StateName == McpSessionGrain.StateName && r.GrainId.EndsWith(sessionId));
    }
}
