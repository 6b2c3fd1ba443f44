using System.Diagnostics;
using System.Net;
using System.Text.Json;
using McpPlatform.Platform.Tests.Infrastructure;
using ModelContextProtocol;

namespace McpPlatform.Platform.Tests;

/// <summary><c>GET /admin/v1/tenants/{tenant}/calls</c>: every tool call, recorded by the silo and written in batches.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AuditLogTests(PlatformFixture fixture)
{
    private static readonly HashSet<string> RecordFields =
    [
        "id", "startedAt", "tool", "api", "keyId", "sessionId", "requestId", "subject", "clientId", "scopes", "outcome", "upstreamStatus",
        "durationMs", "upstreamDurationMs", "idempotentReplay", "traceId",
    ];

    private async Task<TestTenant> TenantWithItemsApiAsync()
    {
        var tenant = await fixture.CreateTenantAsync("audit");
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "items", new
        {
            openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json",
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);
        return tenant;
    }

    /// <summary>Reads the log until it holds <paramref name="count"/> records (they are written within a fraction of a second).</summary>
    private async Task<JsonElement> WaitForCallsAsync(TestTenant tenant, int count, string query = "")
    {
        using var admin = fixture.Admin(tenant.AdminKey);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var page = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/calls{query}")).Expect(HttpStatusCode.OK);
            var calls = page.GetProperty("calls");
            if (calls.GetArrayLength() >= count || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.Equal(count, calls.GetArrayLength());
                return page;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Every_tool_call_is_recorded_with_who_called_what_when_and_how_it_ended_but_no_arguments_or_bodies()
    {
        var tenant = await TenantWithItemsApiAsync();
        var before = DateTime.UtcNow;
        string sessionId;
        await using (var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey, protocolVersion: "2025-06-18"))
        {
            sessionId = client.SessionId!;
            await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "argument-secret-1" });
            await client.CallToolAsync("createItem", new Dictionary<string, object?> { ["name"] = "argument-secret-2", ["qty"] = 1 });
            await client.CallToolAsync("createItem", new Dictionary<string, object?> { ["qty"] = -1 });
            await client.CallToolAsync("getBroken");
            await Assert.ThrowsAsync<McpProtocolException>(async () => await client.CallToolAsync("noSuchTool"));
        }

        var page = await WaitForCallsAsync(tenant, 5);
        Assert.False(page.TryGetProperty("next", out _), "one page holds everything");
        var calls = page.GetProperty("calls").EnumerateArray().ToList();

        // Newest first.
        Assert.Equal(["noSuchTool", "getBroken", "createItem", "createItem", "getItem"], calls.Select(c => c.GetProperty("tool").GetString()));
        Assert.Equal(["UnknownTool", "UpstreamError", "InvalidArguments", "Success", "Success"], calls.Select(c => c.GetProperty("outcome").GetString()));
        var startedAt = calls.Select(c => c.GetProperty("startedAt").GetDateTime()).ToList();
        Assert.Equal(startedAt.OrderDescending(), startedAt);
        Assert.All(startedAt, at => Assert.InRange(at, before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1)));

        var keyId = tenant.AgentKey.Split('.')[2];
        Assert.All(calls, call =>
        {
            Assert.Equal(keyId, call.GetProperty("keyId").GetString());
            Assert.Equal(sessionId, call.GetProperty("sessionId").GetString());
            Assert.False(string.IsNullOrEmpty(call.GetProperty("requestId").GetString()));
            Assert.Matches("^[0-9a-f]{32}$", call.GetProperty("traceId").GetString());
            Assert.True(call.GetProperty("durationMs").GetDouble() >= 0);
            Assert.False(call.GetProperty("idempotentReplay").GetBoolean());
            // Only who, what, when and how: there is no field for arguments, bodies or results.
            Assert.All(call.EnumerateObject(), field => Assert.Contains(field.Name, RecordFields));
        });

        Assert.Equal([null, "items", "items", "items", "items"], calls.Select(c => c.TryGetProperty("api", out var api) ? api.GetString() : null));
        Assert.Equal([null, 500, null, 201, 200], calls.Select(c => c.TryGetProperty("upstreamStatus", out var s) ? s.GetInt32() : (int?)null));
        // Time upstream only for the calls that were sent.
        Assert.Equal([false, true, false, true, true], calls.Select(c => c.TryGetProperty("upstreamDurationMs", out _)));

        var raw = page.GetRawText();
        Assert.DoesNotContain("argument-secret", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("database is on fire", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("i-new", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_filters_by_tool_and_time_and_pages_newest_first_with_a_cursor()
    {
        var tenant = await TenantWithItemsApiAsync();
        await using (var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey))
        {
            for (var i = 1; i <= 5; i++)
            {
                await client.CallToolAsync("listItems", new Dictionary<string, object?> { ["limit"] = i });
            }

            await client.CallToolAsync("getText");
            await client.CallToolAsync("getText");
        }

        var all = await WaitForCallsAsync(tenant, 7);
        var ids = all.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).ToList();

        var listItems = await WaitForCallsAsync(tenant, 5, "?tool=listItems");
        Assert.All(listItems.GetProperty("calls").EnumerateArray(), c => Assert.Equal("listItems", c.GetProperty("tool").GetString()));

        // Pages of 3: 3, 3, 1, following "next"; together the whole log in the same order.
        using var admin = fixture.Admin(tenant.AdminKey);
        var paged = new List<long>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/calls?limit=3" + (cursor is null ? "" : $"&before={cursor}"))).Expect(HttpStatusCode.OK);
            pages++;
            paged.AddRange(page.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
            cursor = page.TryGetProperty("next", out var next) ? next.GetString() : null;
        }
        while (cursor is not null && pages < 10);
        Assert.Equal(3, pages);
        Assert.Equal(ids, paged);

        // 'since' keeps the calls at or after the given time.
        var oldest = all.GetProperty("calls").EnumerateArray().Last().GetProperty("startedAt").GetDateTime();
        var newest = all.GetProperty("calls").EnumerateArray().First().GetProperty("startedAt").GetDateTime();
        Assert.Equal(7, (await WaitForCallsAsync(tenant, 7, $"?since={Uri.EscapeDataString(oldest.ToString("O"))}")).GetProperty("calls").GetArrayLength());
        var sinceNewest = await WaitForCallsAsync(tenant, 1, $"?since={Uri.EscapeDataString(newest.ToString("O"))}");
        Assert.Equal(ids[0], sinceNewest.GetProperty("calls")[0].GetProperty("id").GetInt64());
        await WaitForCallsAsync(tenant, 0, $"?since={Uri.EscapeDataString(DateTime.UtcNow.AddMinutes(1).ToString("O"))}");
        await WaitForCallsAsync(tenant, 2, "?tool=getText&limit=1000");
    }

    [Fact]
    public async Task A_tenant_sees_only_its_own_calls_and_other_keys_are_refused()
    {
        var tenant = await TenantWithItemsApiAsync();
        var other = await fixture.CreateTenantAsync("audit");
        await using (var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey))
        {
            await client.CallToolAsync("getText");
        }

        await WaitForCallsAsync(tenant, 1);
        var path = $"/admin/v1/tenants/{tenant.Id}/calls";
        (await fixture.Admin(other.AdminKey).GetAsync(path)).ExpectProblem(HttpStatusCode.Forbidden);
        (await fixture.Admin(tenant.AgentKey).GetAsync(path)).ExpectProblem(HttpStatusCode.Forbidden);
        using (var anonymous = new AdminApiClient(fixture.Platform.CreateClient(), null))
        {
            (await anonymous.GetAsync(path)).ExpectProblem(HttpStatusCode.Unauthorized);
        }


        // The operator may read any tenant's log; the other tenant's log is empty, a missing tenant is 404.
        var operatorView = (await fixture.Admin().GetAsync(path)).Expect(HttpStatusCode.OK);
        Assert.Equal(1, operatorView.GetProperty("calls").GetArrayLength());
        Assert.Equal(0, (await fixture.Admin(other.AdminKey).GetAsync($"/admin/v1/tenants/{other.Id}/calls")).Expect(HttpStatusCode.OK).GetProperty("calls").GetArrayLength());
        (await fixture.Admin().GetAsync("/admin/v1/tenants/no-such-tenant/calls")).ExpectProblem(HttpStatusCode.NotFound, "no-such-tenant");
    }

    [Fact]
    public async Task A_call_the_agent_cancelled_is_recorded_as_cancelled()
    {
        var tenant = await fixture.CreateTenantAsync("audit");
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "slow", new
        {
            openApi = """
                {"openapi":"3.0.3","info":{"title":"Slow","version":"1"},"servers":[{"url":"SERVER"}],
                 "paths":{"/slow":{"get":{"operationId":"waitLong","responses":{"200":{"description":"late","content":{"text/plain":{"schema":{"type":"string"}}}}}}}}}
                """.Replace("SERVER", fixture.Upstream.BaseUrl, StringComparison.Ordinal),
            timeoutSeconds = 60,
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);
        using var http = fixture.Platform.CreateClient();
        var session = await RawMcp.StartSessionAsync(http, tenant.Id, tenant.AgentKey);
        _ = RawMcp.SendAsync(http, HttpMethod.Post, tenant.Id, tenant.AgentKey,
            """{"jsonrpc":"2.0","id":"long-1","method":"tools/call","params":{"name":"waitLong","arguments":{}}}""", session);
        var clock = Stopwatch.StartNew();
        while (!fixture.Upstream.RequestsFor(tenant.Id).Any(r => r.Path == "/slow") && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        await RawMcp.SendAsync(http, HttpMethod.Post, tenant.Id, tenant.AgentKey,
            """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"long-1","reason":"changed my mind"}}""", session);

        var call = (await WaitForCallsAsync(tenant, 1)).GetProperty("calls")[0];
        Assert.Equal("long-1", call.GetProperty("requestId").GetString());
        Assert.Equal("Cancelled", call.GetProperty("outcome").GetString());
        Assert.False(call.TryGetProperty("upstreamStatus", out _), "the API never answered");
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?since=yesterday", "since")]
    [InlineData("?before=not-a-cursor", "before")]
    [InlineData("?tool=", "tool")]
    public async Task Bad_query_parameters_are_problems_that_name_the_parameter(string query, string parameter)
    {
        var tenant = await fixture.CreateTenantAsync("audit");
        (await fixture.Admin(tenant.AdminKey).GetAsync($"/admin/v1/tenants/{tenant.Id}/calls{query}"))
            .ExpectProblem(HttpStatusCode.BadRequest, $"'{parameter}'");
    }
}
