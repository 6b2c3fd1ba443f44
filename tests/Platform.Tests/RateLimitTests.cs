using System.Net;
using System.Text.RegularExpressions;
using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

/// <summary>Tenant and key budgets set by the operator, as agents and tenant admins meet them.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class RateLimitTests(PlatformFixture fixture)
{
    private async Task<(TestTenant Tenant, OrdersSession Session)> StartWithLimitsAsync(object limits)
    {
        var tenant = await fixture.CreateTenantAsync("rl");
        await OrdersSession.RegisterAsync(fixture, tenant);
        using var operatorAdmin = fixture.Admin();
        (await operatorAdmin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { limits })).Expect(HttpStatusCode.OK);
        return (tenant, await OrdersSession.StartAsync(fixture.Platform, tenant.Id, tenant.AgentKey));
    }

    private int OrdersPosted(TestTenant tenant) =>
        fixture.Upstream.RequestsFor(tenant.Id).Count(r => r.Method == "POST" && r.Path == "/orders");

    [GeneratedRegex(@"Retry after (\d+) s\.")]
    private static partial Regex RetryAfter();

    private static int RetryAfterSeconds(string message)
    {
        var match = RetryAfter().Match(message);
        Assert.True(match.Success, $"no retry time in: {message}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Over_the_write_budget_a_call_is_an_error_that_says_when_to_retry_and_nothing_is_sent()
    {
        var (tenant, session) = await StartWithLimitsAsync(new { writesPerMinute = 2 });
        using var _ = session;

        var first = await session.CallAsync("createOrder", new { item = "a" });
        var second = await session.CallAsync("createOrder", new { item = "b" });
        var third = await session.CallAsync("createOrder", new { item = "c" });

        Assert.False(first.IsError(), first.ToString());
        Assert.False(second.IsError(), second.ToString());
        Assert.True(third.IsError());
        Assert.StartsWith("Rate limit reached: this tenant's write calls (2 per minute) are used up. Retry after ", third.Text(), StringComparison.Ordinal);
        Assert.InRange(RetryAfterSeconds(third.Text()), 1, 60);
        Assert.Contains("Nothing was sent to the API", third.Text(), StringComparison.Ordinal);
        Assert.Equal(2, OrdersPosted(tenant));
    }

    [Fact]
    public async Task Reads_are_limited_by_the_call_budget_not_the_write_budget()
    {
        var (tenant, session) = await StartWithLimitsAsync(new { callsPerMinute = 4, writesPerMinute = 1 });
        using var _ = session;

        Assert.False((await session.CallAsync("createOrder", new { item = "a" })).IsError());
        var secondWrite = await session.CallAsync("createOrder", new { item = "b" });
        var reads = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            reads.Add((await session.CallAsync("listOrders", new { })).IsError());
        }

        var refusedRead = await session.CallAsync("listOrders", new { });
        Assert.Contains("this tenant's write calls (1 per minute)", secondWrite.Text(), StringComparison.Ordinal);
        // The write spent one of the four calls: three reads pass, then the call budget is spent.
        Assert.Equal([false, false, false, true], reads);
        Assert.Contains("this tenant's tool calls (4 per minute)", refusedRead.Text(), StringComparison.Ordinal);
        Assert.Equal(3, fixture.Upstream.RequestsFor(tenant.Id).Count(r => r.Method == "GET" && r.Path == "/orders"));
    }

    [Fact]
    public async Task Limits_set_while_calls_flow_apply_to_the_next_call_and_clearing_them_lifts_them()
    {
        var tenant = await fixture.CreateTenantAsync("rl");
        await OrdersSession.RegisterAsync(fixture, tenant);
        using var session = await OrdersSession.StartAsync(fixture.Platform, tenant.Id, tenant.AgentKey);
        using var operatorAdmin = fixture.Admin();
        var path = $"/admin/v1/tenants/{tenant.Id}";
        // Without limits the registry does not ask the limiter at all; setting them must reach it at once.
        for (var i = 0; i < 3; i++)
        {
            Assert.False((await session.CallAsync("listOrders", new { })).IsError());
        }

        (await operatorAdmin.SendAsync(HttpMethod.Patch, path, new { limits = new { callsPerMinute = 1 } })).Expect(HttpStatusCode.OK);
        Assert.False((await session.CallAsync("listOrders", new { })).IsError());
        Assert.Contains("this tenant's tool calls (1 per minute)", (await session.CallAsync("listOrders", new { })).Text(), StringComparison.Ordinal);

        (await operatorAdmin.SendAsync(HttpMethod.Patch, path, """{"limits": {}}""")).Expect(HttpStatusCode.OK);
        Assert.False((await session.CallAsync("listOrders", new { })).IsError());
        Assert.Equal(5, fixture.Upstream.RequestsFor(tenant.Id).Count(r => r.Method == "GET" && r.Path == "/orders"));
    }

    [Fact]
    public async Task Each_key_has_its_own_budget()
    {
        var (tenant, agent) = await StartWithLimitsAsync(new { perKeyWritesPerMinute = 1 });
        using var _ = agent;
        using var admin = await OrdersSession.StartAsync(fixture.Platform, tenant.Id, tenant.AdminKey);

        var agentFirst = await agent.CallAsync("createOrder", new { item = "a" });
        var agentSecond = await agent.CallAsync("createOrder", new { item = "b" });
        var adminFirst = await admin.CallAsync("createOrder", new { item = "c" });

        Assert.False(agentFirst.IsError());
        Assert.True(agentSecond.IsError());
        Assert.Contains("this API key's write calls (1 per minute)", agentSecond.Text(), StringComparison.Ordinal);
        Assert.False(adminFirst.IsError(), adminFirst.ToString());
        Assert.Equal(2, OrdersPosted(tenant));
    }

    [Fact]
    public async Task A_refused_call_leaves_its_idempotency_key_unused_and_a_repeat_counts_like_any_call()
    {
        var (tenant, session) = await StartWithLimitsAsync(new { writesPerMinute = 2 });
        using var _ = session;
        var key = "order-" + Guid.NewGuid();

        var first = await session.CallAsync("createOrder", new { item = "a" }, headerKey: key);
        var repeat = await session.CallAsync("createOrder", new { item = "a" }, headerKey: key);
        var refusedRepeat = await session.CallAsync("createOrder", new { item = "a" }, headerKey: key);
        var refusedOther = await session.CallAsync("createOrder", new { item = "b" }, headerKey: "other-" + key);

        Assert.Equal(first.ToString(), repeat.ToString());
        Assert.Contains("Rate limit reached", refusedRepeat.Text(), StringComparison.Ordinal);
        Assert.Contains("Rate limit reached", refusedOther.Text(), StringComparison.Ordinal);

        // Refused before its key was looked at: with budget again (new limits start afresh), the key is still free.
        using var operatorAdmin = fixture.Admin();
        (await operatorAdmin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { limits = new { writesPerMinute = 10 } })).Expect(HttpStatusCode.OK);
        var laterOther = await session.CallAsync("createOrder", new { item = "c" }, headerKey: "other-" + key);
        Assert.False(laterOther.IsError(), laterOther.ToString());
        Assert.Equal(2, OrdersPosted(tenant));
    }

    [Fact]
    public async Task The_operator_sets_limits_and_tenant_admins_read_them()
    {
        var tenant = await fixture.CreateTenantAsync("rl");
        using var operatorAdmin = fixture.Admin();
        using var tenantAdmin = fixture.Admin(tenant.AdminKey);
        var path = $"/admin/v1/tenants/{tenant.Id}";

        var set = (await operatorAdmin.SendAsync(HttpMethod.Patch, path, new { limits = new { callsPerMinute = 600, perKeyWritesPerMinute = 30 } }))
            .Expect(HttpStatusCode.OK).GetProperty("limits");
        Assert.Equal(600, set.GetProperty("callsPerMinute").GetInt32());
        Assert.Equal(30, set.GetProperty("perKeyWritesPerMinute").GetInt32());
        Assert.False(set.TryGetProperty("writesPerMinute", out _));

        var seen = (await tenantAdmin.GetAsync(path)).Expect(HttpStatusCode.OK).GetProperty("limits");
        Assert.Equal(600, seen.GetProperty("callsPerMinute").GetInt32());

        // Other settings leave the limits alone; an empty object clears them.
        (await operatorAdmin.SendAsync(HttpMethod.Patch, path, new { displayName = "Renamed" })).Expect(HttpStatusCode.OK);
        Assert.Equal(600, (await tenantAdmin.GetAsync(path)).Expect(HttpStatusCode.OK).GetProperty("limits").GetProperty("callsPerMinute").GetInt32());
        var cleared = (await operatorAdmin.SendAsync(HttpMethod.Patch, path, """{"limits": {}}""")).Expect(HttpStatusCode.OK).GetProperty("limits");
        Assert.Empty(cleared.EnumerateObject());

        (await tenantAdmin.SendAsync(HttpMethod.Patch, path, new { limits = new { callsPerMinute = 1_000 } }))
            .ExpectProblem(HttpStatusCode.Forbidden, "Only the operator");
    }

    [Theory]
    [InlineData("""{"limits": {"writesPerMinute": 0}}""", "limits.writesPerMinute")]
    [InlineData("""{"limits": {"callsPerMinute": -5}}""", "limits.callsPerMinute")]
    [InlineData("""{"limits": {"callsPerMinute": 2000000}}""", "limits.callsPerMinute")]
    [InlineData("""{"limits": {"callsPerMinute": 1.5}}""", "limits.callsPerMinute")]
    [InlineData("""{"limits": {"callsPerMinute": "100"}}""", "limits.callsPerMinute")]
    [InlineData("""{"limits": {"writesPerMin": 100}}""", "limits.writesPerMin")]
    [InlineData("""{"limits": [100]}""", "'limits' must be an object")]
    public async Task Invalid_limits_are_400_naming_the_budget(string body, string expected)
    {
        var tenant = await fixture.CreateTenantAsync("rl");
        using var operatorAdmin = fixture.Admin();
        (await operatorAdmin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", body)).ExpectProblem(HttpStatusCode.BadRequest, expected);
    }

    [Fact]
    public async Task A_tenant_can_be_created_with_limits()
    {
        using var operatorAdmin = fixture.Admin();
        var id = "rl-" + Guid.NewGuid().ToString("N")[..8];
        var created = (await operatorAdmin.SendAsync(HttpMethod.Post, "/admin/v1/tenants", new { id, limits = new { writesPerMinute = 50 } }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(50, created.GetProperty("limits").GetProperty("writesPerMinute").GetInt32());
    }

    [Fact]
    public async Task Over_the_admin_request_budget_the_admin_api_answers_429_with_Retry_After()
    {
        var tenant = await fixture.CreateTenantAsync("rl");
        using var operatorAdmin = fixture.Admin();
        (await operatorAdmin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { limits = new { adminRequestsPerMinute = 3 } }))
            .Expect(HttpStatusCode.OK);
        using var tenantAdmin = fixture.Admin(tenant.AdminKey);

        (await tenantAdmin.GetAsync($"/admin/v1/tenants/{tenant.Id}")).Expect(HttpStatusCode.OK);
        (await tenantAdmin.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis")).Expect(HttpStatusCode.OK);
        (await tenantAdmin.GetAsync($"/admin/v1/tenants/{tenant.Id}/keys")).Expect(HttpStatusCode.OK);
        var refused = await tenantAdmin.GetAsync($"/admin/v1/tenants/{tenant.Id}/tools");

        var problem = refused.ExpectProblem(HttpStatusCode.TooManyRequests, "admin API requests (3 per minute)");
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Contains($"Retry after {retryAfter} s", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The operator is never limited.
        (await operatorAdmin.GetAsync($"/admin/v1/tenants/{tenant.Id}/tools")).Expect(HttpStatusCode.OK);
    }
}
