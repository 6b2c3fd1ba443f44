using System.Net;
using McpPlatform.Platform.Tests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Platform.Tests;

/// <summary>A tenant's open sessions learn when its tools change.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ToolListChangedTests(PlatformFixture fixture)
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Registering_refreshing_and_removing_an_api_notify_open_sessions_of_that_tenant_only()
    {
        var tenant = await fixture.CreateTenantAsync();
        var other = await fixture.CreateTenantAsync();
        // Initialize-based sessions (2025-11-25) hold a GET stream for server-to-client notifications.
        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey, "2025-11-25");
        await using var otherClient = await McpClients.ConnectAsync(fixture.Platform, other.Id, other.AgentKey, "2025-11-25");
        var mine = System.Threading.Channels.Channel.CreateUnbounded<bool>();
        var theirs = System.Threading.Channels.Channel.CreateUnbounded<bool>();
        await using var _ = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) => { mine.Writer.TryWrite(true); return ValueTask.CompletedTask; });
        await using var __ = otherClient.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) => { theirs.Writer.TryWrite(true); return ValueTask.CompletedTask; });
        await client.ListToolsAsync(); // the session is established and its GET stream open
        await Task.Delay(200);

        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.PutApiAsync(tenant.Id, "items", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json" })).Expect(HttpStatusCode.Created);
        await ExpectNotificationAsync(mine);
        Assert.Equal(TestApiDocument.ToolNames.Length, (await client.ListToolsAsync()).Count);

        (await admin.SendAsync(HttpMethod.Post, $"/admin/v1/tenants/{tenant.Id}/apis/items/refresh")).Expect(HttpStatusCode.OK);
        await ExpectNotificationAsync(mine);

        (await admin.SendAsync(HttpMethod.Delete, $"/admin/v1/tenants/{tenant.Id}/apis/items")).Expect(HttpStatusCode.NoContent);
        await ExpectNotificationAsync(mine);
        Assert.Empty(await client.ListToolsAsync());

        Assert.False(theirs.Reader.TryRead(out var _), "another tenant's session was told about this tenant's tools");
    }

    private static async Task ExpectNotificationAsync(System.Threading.Channels.Channel<bool> channel)
    {
        using var timeout = new CancellationTokenSource(Promise + TimeSpan.FromSeconds(1));
        await channel.Reader.ReadAsync(timeout.Token);
    }
}
