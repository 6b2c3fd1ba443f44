using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

/// <summary>Server-to-client streams: a session's GET stream (resumable) and 2026-07-28 subscriptions/listen.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SessionStreamTests(PlatformFixture fixture)
{
    private const string Version = "2025-11-25";
    private const string ListChanged = "notifications/tools/list_changed";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task A_GET_stream_resumed_with_Last_Event_ID_is_told_about_the_tool_change_it_missed()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var http = fixture.Platform.CreateClient();
        var sessionId = await RawMcp.StartSessionAsync(http, tenant.Id, tenant.AgentKey, Version);

        string position;
        await using (var first = await SseEvents.OpenGetAsync(http, tenant.Id, tenant.AgentKey, sessionId, Version))
        {
            Assert.Equal(200, first.Status);
            var priming = await first.NextAsync(Wait);
            Assert.NotNull(priming);
            Assert.Equal("", priming.Data);
            position = Assert.IsType<string>(priming.Id);
        }

        // While no stream is open, the tenant's tools change.
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.PutApiAsync(tenant.Id, "items", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json" })).Expect(HttpStatusCode.Created);

        await using var resumed = await SseEvents.OpenGetAsync(http, tenant.Id, tenant.AgentKey, sessionId, Version, lastEventId: position);
        Assert.Equal(200, resumed.Status);
        var resumedPriming = await resumed.NextAsync(Wait);
        Assert.NotNull(resumedPriming);
        Assert.NotEqual(position, resumedPriming.Id);
        var missed = await resumed.NextAsync(Wait);
        Assert.NotNull(missed);
        Assert.Equal(ListChanged, JsonDocument.Parse(missed.Data).RootElement.GetProperty("method").GetString());
        Assert.NotNull(missed.Id);

        // Resuming from the latest position finds nothing missed.
        await resumed.DisposeAsync();
        await using var current = await SseEvents.OpenGetAsync(http, tenant.Id, tenant.AgentKey, sessionId, Version, lastEventId: missed.Id);
        Assert.Equal("", (await current.NextAsync(Wait))?.Data);
        Assert.Null(await current.NextAsync(Quiet));
    }

    [Fact]
    public async Task A_GET_stream_hears_each_change_once_and_a_newer_stream_of_the_session_replaces_it()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var http = fixture.Platform.CreateClient();
        var sessionId = await RawMcp.StartSessionAsync(http, tenant.Id, tenant.AgentKey, Version);
        await using var older = await SseEvents.OpenGetAsync(http, tenant.Id, tenant.AgentKey, sessionId, Version);
        Assert.NotNull(await older.NextAsync(Wait));

        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.PutApiAsync(tenant.Id, "items", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json" })).Expect(HttpStatusCode.Created);
        Assert.Equal(ListChanged, JsonDocument.Parse((await older.NextAsync(Wait))!.Data).RootElement.GetProperty("method").GetString());
        Assert.Null(await older.NextAsync(Quiet));

        await using var newer = await SseEvents.OpenGetAsync(http, tenant.Id, tenant.AgentKey, sessionId, Version);
        Assert.NotNull(await newer.NextAsync(Wait));
        Assert.True(await older.EndsWithinAsync(Wait), "the older stream of the session is closed");
    }

    [Fact]
    public async Task Deleting_a_session_closes_its_open_GET_stream_and_a_GET_for_it_then_gets_404()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var http = fixture.Platform.CreateClient();
        var sessionId = await RawMcp.StartSessionAsync(http, tenant.Id, tenant.AgentKey, Version);
        await using var stream = await SseEvents.OpenGetAsync(http, tenant.Id, tenant.AgentKey, sessionId, Version);
        Assert.NotNull(await stream.NextAsync(Wait));

        var (deleted, _, _) = await RawMcp.SendAsync(http, HttpMethod.Delete, tenant.Id, tenant.AgentKey, null, sessionId, protocolVersion: Version);
        Assert.Equal(200, deleted);
        Assert.True(await stream.EndsWithinAsync(Wait), "the session's stream is closed when the session ends");

        await using var again = await SseEvents.OpenGetAsync(http, tenant.Id, tenant.AgentKey, sessionId, Version);
        Assert.Equal(404, again.Status);
    }

    [Fact]
    public async Task A_GET_stream_without_text_event_stream_in_Accept_is_refused_with_406()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var http = fixture.Platform.CreateClient();
        var sessionId = await RawMcp.StartSessionAsync(http, tenant.Id, tenant.AgentKey, Version);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/t/{tenant.Id}/mcp");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Add("Mcp-Session-Id", sessionId);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.AgentKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Sessionless_clients_hear_tool_changes_through_subscriptions_listen()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var http = fixture.Platform.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/t/{tenant.Id}/mcp")
        {
            Content = new StringContent("""
                {"jsonrpc":"2.0","id":"listen-1","method":"subscriptions/listen","params":{"notifications":{"toolsListChanged":true},
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}
                """, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", "subscriptions/listen");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.AgentKey);
        await using var stream = await SseEvents.SendAsync(http, request);
        Assert.Equal(200, stream.Status);

        var ack = JsonDocument.Parse((await stream.NextAsync(Wait))!.Data).RootElement;
        Assert.Equal("notifications/subscriptions/acknowledged", ack.GetProperty("method").GetString());
        Assert.True(ack.GetProperty("params").GetProperty("notifications").GetProperty("toolsListChanged").GetBoolean());
        Assert.Equal("listen-1", ack.GetProperty("params").GetProperty("_meta").GetProperty("io.modelcontextprotocol/subscriptionId").GetString());

        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.PutApiAsync(tenant.Id, "items", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json" })).Expect(HttpStatusCode.Created);
        var changed = JsonDocument.Parse((await stream.NextAsync(Wait))!.Data).RootElement;
        Assert.Equal(ListChanged, changed.GetProperty("method").GetString());
        Assert.Equal("listen-1", changed.GetProperty("params").GetProperty("_meta").GetProperty("io.modelcontextprotocol/subscriptionId").GetString());
    }
}
