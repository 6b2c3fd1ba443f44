using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>
/// The whole path on the real architecture: PostgreSQL, two silos, two frontends and the sample API as separate
/// processes; an agent (official TypeScript SDK) whose requests alternate between the frontends.
/// </summary>
public sealed class ClusterEndToEndTests
{
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The client ended its session with DELETE on one frontend; the other must not serve it any more.</summary>
    private static async Task SessionDeletedOnOneFrontendIsGoneOnTheOtherAsync(System.Text.Json.JsonElement session, string agentKey)
    {
        var sessionId = session.GetProperty("sessionId").GetString();
        Assert.False(string.IsNullOrEmpty(sessionId), "the session was initialize-based and got an id");
        var delete = session.GetProperty("requests").EnumerateArray().Single(r => r.GetProperty("method").GetString() == "DELETE");
        Assert.InRange(delete.GetProperty("status").GetInt32(), 200, 204);
        var deletedOn = new Uri(delete.GetProperty("url").GetString()!);
        var other = session.GetProperty("requests").EnumerateArray()
            .Select(r => new Uri(r.GetProperty("url").GetString()!))
            .First(u => u.Authority != deletedOn.Authority);

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, other)
        {
            Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Mcp-Session-Id", sessionId);
        request.Headers.Add("MCP-Protocol-Version", session.GetProperty("protocolVersion").GetString());
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Authorization = new("Bearer", agentKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>A call runs on frontend 1; the client's cancellation lands on frontend 2; the upstream call is aborted.</summary>
    private static async Task CancellationOnOneFrontendAbortsTheCallOnTheOtherAsync(string callOn, string cancelOn, string adminKey, string agentKey)
    {
        await using var upstream = new HangingUpstream();
        using (var admin = new AdminClient(cancelOn, adminKey))
        using (var registered = await admin.SendAsync(HttpMethod.Put, $"/admin/v1/tenants/{CrmScenario.Tenant}/apis/hanging",
            new { openApi = upstream.Document, timeoutSeconds = 120 }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, registered.StatusCode);
        }

        using var session = await RawMcpSession.StartAsync(callOn, CrmScenario.Tenant, agentKey);
        var call = session.PostAsync(callOn, """{"jsonrpc":"2.0","id":"hang-1","method":"tools/call","params":{"name":"waitForever","arguments":{}}}""");
        await Eventually.SucceedsAsync(() => Task.FromResult(upstream.Received == 1 ? true : throw new Xunit.Sdk.XunitException("the call has not reached the upstream")), TimeSpan.FromSeconds(20));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var cancelled = await session.PostAsync(cancelOn, """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"hang-1","reason":"stop"}}"""))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, cancelled.StatusCode);
        }

        await Eventually.SucceedsAsync(() => Task.FromResult(upstream.Abandoned == 1 ? true : throw new Xunit.Sdk.XunitException("the upstream call is still open")), TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the upstream call was aborted {clock.Elapsed.TotalMilliseconds:F0} ms after the cancellation");
        _ = call; // a cancelled request gets no answer

        using var cleanup = new AdminClient(cancelOn, adminKey);
        using var removed = await cleanup.SendAsync(HttpMethod.Delete, $"/admin/v1/tenants/{CrmScenario.Tenant}/apis/hanging", null);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, removed.StatusCode);
    }

    /// <summary>A session of one tenant, presented on another tenant's URL (with that tenant's own key), is unknown there.</summary>
    private static async Task SessionIdOnAnotherTenantsUrlIsNotFoundAsync(string startOn, string tryOn, string agentKey)
    {
        using var operatorAdmin = new AdminClient(tryOn, PlatformProcesses.OperatorKey);
        await operatorAdmin.CreateTenantAsync("globex");
        var globexKey = await operatorAdmin.CreateKeyAsync("globex", "agent-1", "agent");

        using var session = await RawMcpSession.StartAsync(startOn, CrmScenario.Tenant, agentKey);
        using (var own = await session.PostAsync(tryOn, """{"jsonrpc":"2.0","id":1,"method":"tools/list"}"""))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, own.StatusCode);
        }

        using var foreign = await session.PostAsOtherTenantAsync(tryOn, "globex", globexKey, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task Agent_session_spread_over_two_frontends_reaches_the_api_and_state_survives_losing_silos()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_cluster");
        await using var platform = new PlatformProcesses();
        try
        {
            var silo1 = await platform.StartSiloAsync("silo-1", postgres);
            var silo2 = await platform.StartSiloAsync("silo-2", postgres);
            var (_, frontend1) = await platform.StartClusterFrontendAsync("frontend-1", postgres);
            var (_, frontend2) = await platform.StartClusterFrontendAsync("frontend-2", postgres);
            var crm = await platform.StartCrmApiAsync();
            string[] frontends = [frontend1, frontend2];

            // Tenant and keys through frontend 1, registration through frontend 2.
            var (agentKey, adminKey) = await CrmScenario.CreateTenantAndKeysAsync(frontend1);
            await CrmScenario.RegisterCrmAsync(frontend2, adminKey, crm);

            var session = await CrmScenario.WriteThenReadAsync(frontends, agentKey, "first@acme.test");
            var used = CrmScenario.FrontendsUsed(session);
            Assert.Contains(frontend1, used);
            Assert.Contains(frontend2, used);
            Assert.NotEqual(used[0], used[1]);
            await SessionDeletedOnOneFrontendIsGoneOnTheOtherAsync(session, agentKey);
            await CancellationOnOneFrontendAbortsTheCallOnTheOtherAsync(frontend1, frontend2, adminKey, agentKey);
            await SessionIdOnAnotherTenantsUrlIsNotFoundAsync(frontend1, frontend2, agentKey);

            // A tools change made through frontend 2 reaches a stream held on frontend 1, within 1 s.
            await using var probe = await ListChangedProbe.ConnectAsync(CrmScenario.McpUrl(frontend1), agentKey);
            using var admin2 = new AdminClient(frontend2, adminKey);
            async Task ToolsChangeReachesTheStreamWithinOneSecondAsync()
            {
                var delay = await probe.MeasureAsync(async () =>
                {
                    using var response = await admin2.SendAsync(HttpMethod.Put, $"/admin/v1/tenants/{CrmScenario.Tenant}/apis/crm-tickets",
                        new { openApiUrl = crm + "/openapi/v1.json", toolPrefix = "t_", include = new { tags = new[] { "Tickets" } } });
                    Assert.True(response.IsSuccessStatusCode, $"registering crm-tickets: {(int)response.StatusCode}");
                }, TimeSpan.FromSeconds(5));
                Assert.True(delay <= TimeSpan.FromSeconds(1), $"list_changed arrived {delay.TotalMilliseconds:F0} ms after the change");
            }

            await ToolsChangeReachesTheStreamWithinOneSecondAsync();

            // kill -9 one silo: whatever it held is re-activated from PostgreSQL on the other.
            silo1.Kill();
            await Eventually.SucceedsAsync(() => CrmScenario.WriteThenReadAsync(frontends, agentKey, "after-kill@acme.test"), FailoverTimeout);

            // Then replace the other one too, so every grain must come back from the database on a new silo.
            await platform.StartSiloAsync("silo-3", postgres);
            await silo2.StopAsync(TimeSpan.FromSeconds(60));
            await Eventually.SucceedsAsync(() => CrmScenario.WriteThenReadAsync(frontends, agentKey, "new-silo@acme.test"), FailoverTimeout);

            // Every grain now lives on a silo that started after the stream was opened: the frontend directory came
            // back from the database, so notifications still reach the stream.
            await ToolsChangeReachesTheStreamWithinOneSecondAsync();

            using var admin = new AdminClient(frontend1, adminKey);
            var apis = await admin.GetAsync($"/admin/v1/tenants/{CrmScenario.Tenant}/apis");
            Assert.Equal([CrmScenario.Api, "crm-tickets"], apis.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
            var keys = await admin.GetAsync($"/admin/v1/tenants/{CrmScenario.Tenant}/keys");
            Assert.Equal(2, keys.GetArrayLength());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"{e}\n\nProcess output:\n{platform.Diagnostics}");
        }
    }

    [Fact]
    public async Task Legacy_sse_stream_on_one_frontend_answers_messages_posted_to_the_other()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_legacy_sse");
        await using var platform = new PlatformProcesses();
        try
        {
            await platform.StartSiloAsync("silo-1", postgres);
            var (_, frontend1) = await platform.StartClusterFrontendAsync("frontend-1", postgres);
            var (_, frontend2) = await platform.StartClusterFrontendAsync("frontend-2", postgres);
            var crm = await platform.StartCrmApiAsync();
            var (agentKey, adminKey) = await CrmScenario.CreateTenantAndKeysAsync(frontend1);
            await CrmScenario.RegisterCrmAsync(frontend1, adminKey, crm);

            // The official TypeScript SDK client over SSEClientTransport: its stream on frontend 1, every POST
            // (initialize, tools/list, tools/call) to frontend 2; the answers can only come back on the stream.
            var session = await CrmScenario.WriteThenReadOverLegacySseAsync(frontend1, frontend2, agentKey, "legacy@acme.test");
            Assert.Equal("2024-11-05", session.GetProperty("protocolVersion").GetString());
            var requests = session.GetProperty("requests").EnumerateArray().ToList();
            var log = session.GetProperty("requests").ToString();
            var stream = Assert.Single(requests, r => r.GetProperty("method").GetString() == "GET");
            Assert.Equal(CrmScenario.SseUrl(frontend1), stream.GetProperty("url").GetString());
            Assert.Equal(200, stream.GetProperty("status").GetInt32());
            var posts = requests.Where(r => r.GetProperty("method").GetString() == "POST").ToList();
            Assert.Contains(posts, p => p.GetProperty("rpc").GetString() == "initialize");
            Assert.Contains(posts, p => p.GetProperty("rpc").GetString() == "tools/call");
            Assert.All(posts, p =>
            {
                Assert.StartsWith(frontend2 + "/t/" + CrmScenario.Tenant + "/message?sessionId=", p.GetProperty("url").GetString(), StringComparison.Ordinal);
                Assert.True(p.GetProperty("status").GetInt32() == 202, $"POST not accepted: {p}\nall: {log}");
            });

            // The client closed its stream: the session is over on every frontend.
            var messageUrl = new Uri(session.GetProperty("messageEndpoint").GetString()!);
            using var http = new HttpClient();
            await Eventually.SucceedsAsync(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, frontend2 + messageUrl.PathAndQuery)
                {
                    Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new("Bearer", agentKey);
                using var response = await http.SendAsync(request);
                Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
                return true;
            }, TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"{e}\n\nProcess output:\n{platform.Diagnostics}");
        }
    }
}
