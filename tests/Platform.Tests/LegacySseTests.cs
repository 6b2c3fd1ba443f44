using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using McpPlatform.Contracts.Sessions;
using McpPlatform.Platform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Platform.Tests;

/// <summary>
/// The 2024-11-05 HTTP+SSE transport at <c>/t/{tenant}/sse</c> and its message URL: the same tools and handlers as
/// Streamable HTTP, sessions bound to tenant and key, recorded in the cluster, and ended with their stream.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LegacySseTests(PlatformFixture fixture)
{
    private const string ListTools = """{"jsonrpc":"2.0","id":"list","method":"tools/list","params":{}}""";

    private async Task<TestTenant> TenantWithItemsApiAsync()
    {
        var tenant = await fixture.CreateTenantAsync("sse");
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "items", new
        {
            openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json",
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);
        return tenant;
    }

    private static string PrincipalOf(TestTenant tenant, string key) => $"{tenant.Id}/{key.Split('.')[2]}";

    [Fact]
    public async Task The_sdk_client_lists_and_calls_tools_with_progress_and_sets_the_log_level()
    {
        var tenant = await TenantWithItemsApiAsync();
        await using var client = await McpClients.ConnectLegacySseAsync(fixture.Platform, tenant.Id, tenant.AgentKey);
        Assert.Equal("2024-11-05", client.NegotiatedProtocolVersion);

        // More tools than fit on a page: the client follows the cursor over the legacy stream too.
        var tools = await client.ListToolsAsync();
        Assert.Equal(TestApiDocument.ToolNames.Order(StringComparer.Ordinal), tools.Select(t => t.Name).Order(StringComparer.Ordinal));

        var progress = new List<ProgressNotificationValue>();
        var result = await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "42", ["verbose"] = true },
            progress: new SynchronousProgress(value => { lock (progress) { progress.Add(value); } }));
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("42", result.StructuredContent!.Value.GetProperty("id").GetString());
        Assert.Contains(fixture.Upstream.RequestsFor(tenant.Id), r => r.Path == "/items/42" && r.Query.Contains("verbose=true"));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(2) && progress.Count == 0)
        {
            await Task.Delay(20);
        }

        lock (progress)
        {
            Assert.NotEmpty(progress);
            Assert.Equal(0f, progress[0].Progress);
        }

        var unknown = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.CallToolAsync("noSuchTool"));
        Assert.Equal(McpErrorCode.InvalidParams, unknown.ErrorCode);

#pragma warning disable MCP9005 // logging/setLevel is still part of 2024-11-05
        await client.SetLoggingLevelAsync(LoggingLevel.Warning);
#pragma warning restore MCP9005
        await client.PingAsync();
    }

    [Fact]
    public async Task A_session_is_bound_to_its_tenant_and_key()
    {
        var a = await TenantWithItemsApiAsync();
        var b = await fixture.CreateTenantAsync("sse-b");
        using var http = fixture.Platform.CreateClient();
        await using var sse = await RawLegacySse.OpenAsync(http, a.Id, a.AgentKey);
        Assert.StartsWith($"/t/{a.Id}/message?sessionId=", sse.MessageUrl, StringComparison.Ordinal);
        await sse.InitializeAsync(a.AgentKey);

        var otherTenant = await sse.PostAsync(b.AgentKey, ListTools, $"/t/{b.Id}/message?sessionId={sse.SessionId}");
        Assert.Equal(404, otherTenant.Status);
        Assert.Equal(-32001, JsonDocument.Parse(otherTenant.Body).RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(404, (await sse.PostAsync(a.AdminKey, ListTools)).Status);
        Assert.Equal(403, (await sse.PostAsync(b.AgentKey, ListTools)).Status); // a key of tenant b on tenant a's URL
        Assert.True(await sse.StaysQuietAsync(TimeSpan.FromMilliseconds(300)), "a refused message reached the session");

        // The rightful owner is unaffected.
        Assert.Equal(202, (await sse.PostAsync(a.AgentKey, ListTools)).Status);
        var answer = await sse.NextMessageAsync();
        Assert.Equal("list", answer.GetProperty("id").GetString());
        Assert.Equal(PlatformFactory.ToolsPageSize, answer.GetProperty("result").GetProperty("tools").GetArrayLength());
    }

    [Theory]
    [InlineData("{not json", 400, -32700)]
    [InlineData("", 400, -32700)]
    [InlineData("""{"hello":"world"}""", 400, -32600)]
    [InlineData("""{"jsonrpc":"1.0","id":9,"method":"ping"}""", 400, -32600)]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"ping"}]""", 400, -32600)]
    public async Task A_malformed_message_is_refused_and_the_session_carries_on(string body, int status, int code)
    {
        var tenant = await fixture.CreateTenantAsync("sse");
        using var http = fixture.Platform.CreateClient();
        await using var sse = await RawLegacySse.OpenAsync(http, tenant.Id, tenant.AgentKey);
        await sse.InitializeAsync(tenant.AgentKey);

        var refused = await sse.PostAsync(tenant.AgentKey, body);
        Assert.Equal(status, refused.Status);
        var error = JsonDocument.Parse(refused.Body).RootElement;
        Assert.Equal("2.0", error.GetProperty("jsonrpc").GetString());
        Assert.Equal(code, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.True(await sse.StaysQuietAsync(TimeSpan.FromMilliseconds(300)), "a malformed message reached the session");

        Assert.Equal(202, (await sse.PostAsync(tenant.AgentKey, """{"jsonrpc":"2.0","id":"after","method":"ping"}""")).Status);
        var pong = await sse.NextMessageAsync();
        Assert.Equal("after", pong.GetProperty("id").GetString());
        Assert.True(pong.TryGetProperty("result", out _), pong.ToString());
    }

    [Fact]
    public async Task Unknown_and_missing_session_ids_are_refused()
    {
        var tenant = await fixture.CreateTenantAsync("sse");
        using var http = fixture.Platform.CreateClient();
        using var admin = new AdminApiClient(fixture.Platform.CreateClient(), tenant.AgentKey);
        var unknown = await admin.SendAsync(HttpMethod.Post, $"/t/{tenant.Id}/message?sessionId=no-such-session", ListTools);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(-32001, unknown.Json.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("list", unknown.Json.GetProperty("id").GetString());

        var missing = await admin.SendAsync(HttpMethod.Post, $"/t/{tenant.Id}/message", ListTools);
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);

        using var anonymous = new AdminApiClient(fixture.Platform.CreateClient(), null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/t/{tenant.Id}/sse")).Status);
    }

    [Fact]
    public async Task An_oversized_message_is_refused_with_413()
    {
        var tenant = await fixture.CreateTenantAsync("sse");
        using var http = fixture.Platform.CreateClient();
        await using var sse = await RawLegacySse.OpenAsync(http, tenant.Id, tenant.AgentKey);
        var huge = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"createItem","arguments":{"name":"NAME"}}}"""
            .Replace("NAME", new string('x', 2 * 1024 * 1024), StringComparison.Ordinal);
        Assert.Equal(413, (await sse.PostAsync(tenant.AgentKey, huge)).Status);
        Assert.True(await sse.StaysQuietAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_session_ends_with_its_stream()
    {
        var tenant = await fixture.CreateTenantAsync("sse");
        using var http = fixture.Platform.CreateClient();
        var sse = await RawLegacySse.OpenAsync(http, tenant.Id, tenant.AgentKey);
        await sse.InitializeAsync(tenant.AgentKey);
        var sessionId = sse.SessionId;
        await sse.DisposeAsync();

        var clock = Stopwatch.StartNew();
        int status;
        do
        {
            status = (await sse.PostAsync(tenant.AgentKey, ListTools)).Status;
        }
        while (status != 404 && clock.Elapsed < TimeSpan.FromSeconds(5) && await Delay());
        Assert.Equal(404, status);

        // Ended in the cluster too (a tombstone), not only on this frontend.
        var grain = fixture.Platform.Services.GetRequiredService<IClusterClient>().GetGrain<ILegacySseSessionGrain>(sessionId);
        Assert.Equal(LegacySseDelivery.NotFound, await grain.DeliverAsync(tenant.Id, PrincipalOf(tenant, tenant.AgentKey), Encoding.UTF8.GetBytes(ListTools)));

        static async Task<bool> Delay()
        {
            await Task.Delay(50);
            return true;
        }
    }

    [Fact]
    public async Task A_message_accepted_elsewhere_reaches_the_stream_through_the_cluster()
    {
        var tenant = await TenantWithItemsApiAsync();
        var other = await fixture.CreateTenantAsync("sse-b");
        using var http = fixture.Platform.CreateClient();
        await using var sse = await RawLegacySse.OpenAsync(http, tenant.Id, tenant.AgentKey);
        await sse.InitializeAsync(tenant.AgentKey);

        // What another frontend does with a POST for a stream it does not hold: the grain relays it to the holder.
        var grain = fixture.Platform.Services.GetRequiredService<IClusterClient>().GetGrain<ILegacySseSessionGrain>(sse.SessionId);
        var principal = PrincipalOf(tenant, tenant.AgentKey);
        var call = """{"jsonrpc":"2.0","id":"relayed","method":"tools/call","params":{"name":"getItem","arguments":{"id":"7"}}}""";
        Assert.Equal(LegacySseDelivery.Delivered, await grain.DeliverAsync(tenant.Id, principal, Encoding.UTF8.GetBytes(call)));
        var answer = await sse.NextMessageAsync();
        Assert.Equal("relayed", answer.GetProperty("id").GetString());
        Assert.Equal("7", answer.GetProperty("result").GetProperty("structuredContent").GetProperty("id").GetString());

        Assert.Equal(LegacySseDelivery.NotFound, await grain.DeliverAsync(other.Id, principal, Encoding.UTF8.GetBytes(ListTools)));
        Assert.Equal(LegacySseDelivery.NotFound, await grain.DeliverAsync(tenant.Id, PrincipalOf(tenant, tenant.AdminKey), Encoding.UTF8.GetBytes(ListTools)));
        Assert.True(await sse.StaysQuietAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task The_holder_is_found_again_after_the_session_grain_left_memory()
    {
        var tenant = await fixture.CreateTenantAsync("sse");
        using var http = fixture.Platform.CreateClient();
        await using var sse = await RawLegacySse.OpenAsync(http, tenant.Id, tenant.AgentKey);
        await sse.InitializeAsync(tenant.AgentKey);

        // As after a silo loss: the grain comes back from storage, where the holder is kept as an observer id.
        var cluster = fixture.Platform.Services.GetRequiredService<IClusterClient>();
        await cluster.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var grain = cluster.GetGrain<ILegacySseSessionGrain>(sse.SessionId);
        Assert.Equal(LegacySseDelivery.Delivered, await grain.DeliverAsync(tenant.Id, PrincipalOf(tenant, tenant.AgentKey), Encoding.UTF8.GetBytes(ListTools)));
        Assert.Equal("list", (await sse.NextMessageAsync()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Cancelling_a_call_aborts_the_upstream_request()
    {
        var tenant = await fixture.CreateTenantAsync("sse");
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "slow", new
        {
            openApi = """
                {"openapi":"3.0.3","info":{"title":"Slow","version":"1"},"servers":[{"url":"SERVER"}],
                 "paths":{"/slow":{"get":{"operationId":"waitForever","responses":{"200":{"description":"eventually","content":{"text/plain":{"schema":{"type":"string"}}}}}}}}}
                """.Replace("SERVER", fixture.Upstream.BaseUrl, StringComparison.Ordinal),
            timeoutSeconds = 60,
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);
        using var http = fixture.Platform.CreateClient();
        await using var sse = await RawLegacySse.OpenAsync(http, tenant.Id, tenant.AgentKey);
        await sse.InitializeAsync(tenant.AgentKey);

        Assert.Equal(202, (await sse.PostAsync(tenant.AgentKey, """{"jsonrpc":"2.0","id":"slow-1","method":"tools/call","params":{"name":"waitForever","arguments":{}}}""")).Status);
        var clock = Stopwatch.StartNew();
        while (!fixture.Upstream.RequestsFor(tenant.Id).Any(r => r.Path == "/slow") && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Contains(fixture.Upstream.RequestsFor(tenant.Id), r => r.Path == "/slow");
        Assert.Equal(202, (await sse.PostAsync(tenant.AgentKey, """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"slow-1","reason":"stop"}}""")).Status);
        clock.Restart();
        while (!fixture.Upstream.AbortedCalls.Contains(tenant.Id) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
        }

        Assert.True(fixture.Upstream.AbortedCalls.Contains(tenant.Id), "the upstream request was aborted");
    }

    [Fact]
    public async Task An_idle_stream_gets_keep_alive_comments()
    {
        var tenant = await fixture.CreateTenantAsync("sse");
        using var http = fixture.Platform.CreateClient();
        await using var sse = await RawLegacySse.OpenAsync(http, tenant.Id, tenant.AgentKey);
        var clock = Stopwatch.StartNew();
        while (sse.Comments < 2 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        Assert.True(sse.Comments >= 2, $"{sse.Comments} keep-alive comments in {clock.Elapsed}");
        // Comments are not events: the session still works.
        await sse.InitializeAsync(tenant.AgentKey);
    }

    [Fact]
    public async Task Tool_list_changes_reach_legacy_sessions()
    {
        var tenant = await fixture.CreateTenantAsync("sse");
        await using var client = await McpClients.ConnectLegacySseAsync(fixture.Platform, tenant.Id, tenant.AgentKey);
        var changed = Channel.CreateUnbounded<bool>();
        await using var _ = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
        {
            changed.Writer.TryWrite(true);
            return ValueTask.CompletedTask;
        });
        Assert.Empty(await client.ListToolsAsync());

        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "items", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json" }))
            .Expect(HttpStatusCode.Created);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await changed.Reader.ReadAsync(timeout.Token);
        Assert.Equal(TestApiDocument.ToolNames.Length, (await client.ListToolsAsync()).Count);
    }

    private sealed class SynchronousProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
