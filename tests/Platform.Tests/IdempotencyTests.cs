using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

/// <summary>Write calls with an idempotency key run once; repeats get the stored result, from the same process here.</summary>
[Collection(PlatformCollection.Name)]
public sealed class IdempotencyTests(PlatformFixture fixture)
{
    private async Task<(TestTenant Tenant, OrdersSession Session)> StartAsync()
    {
        var tenant = await fixture.CreateTenantAsync("idem");
        await OrdersSession.RegisterAsync(fixture, tenant);
        return (tenant, await OrdersSession.StartAsync(fixture.Platform, tenant.Id, tenant.AgentKey));
    }

    private IReadOnlyList<RecordedRequest> OrdersPosted(TestTenant tenant) =>
        fixture.Upstream.RequestsFor(tenant.Id).Where(r => r.Method == "POST" && r.Path == "/orders").ToList();

    [Fact]
    public async Task A_repeat_with_the_same_Idempotency_Key_header_gets_the_stored_result_and_the_api_sees_one_call()
    {
        var (tenant, session) = await StartAsync();
        using var _ = session;
        var key = "order-" + Guid.NewGuid();

        var first = await session.CallAsync("createOrder", new { item = "tea" }, headerKey: key);
        var repeat = await session.CallAsync("createOrder", new { item = "tea" }, headerKey: key);

        Assert.False(first.IsError(), first.ToString());
        Assert.Equal(first.ToString(), repeat.ToString());
        var arrived = Assert.Single(OrdersPosted(tenant));
        Assert.Equal(key, arrived.Headers["Idempotency-Key"]);
        Assert.Equal(key, first.GetProperty("structuredContent").GetProperty("idempotencyKey").GetString());
    }

    [Fact]
    public async Task A_key_in_meta_works_like_the_header()
    {
        var (tenant, session) = await StartAsync();
        using var _ = session;
        var key = "meta-" + Guid.NewGuid();

        var first = await session.CallAsync("createOrder", new { item = "milk" }, metaKey: key);
        var repeat = await session.CallAsync("createOrder", new { item = "milk" }, metaKey: key);

        Assert.Equal(first.Order(), repeat.Order());
        Assert.Equal(key, Assert.Single(OrdersPosted(tenant)).Headers["Idempotency-Key"]);
    }

    [Fact]
    public async Task Argument_order_does_not_make_a_different_request()
    {
        var (tenant, session) = await StartAsync();
        using var _ = session;
        var key = "order-" + Guid.NewGuid();

        var first = await session.CallAsync("createOrder", new Dictionary<string, object> { ["item"] = "jam", ["qty"] = 2 }, headerKey: key);
        var repeat = await session.CallAsync("createOrder", new Dictionary<string, object> { ["qty"] = 2, ["item"] = "jam" }, headerKey: key);

        Assert.False(repeat.IsError(), repeat.ToString());
        Assert.Equal(first.Order(), repeat.Order());
        Assert.Single(OrdersPosted(tenant));
    }

    [Fact]
    public async Task Re_sending_a_request_with_the_same_id_in_a_session_is_answered_from_the_first_call()
    {
        var (tenant, session) = await StartAsync();
        using var _ = session;

        var first = await session.CallAsync("createOrder", new { item = "bread" }, requestId: 7);
        var resent = await session.CallAsync("createOrder", new { item = "bread" }, requestId: 7);
        var newRequest = await session.CallAsync("createOrder", new { item = "bread" }, requestId: 8);

        Assert.Equal(first.Order(), resent.Order());
        Assert.NotEqual(first.Order(), newRequest.Order());
        var posted = OrdersPosted(tenant);
        Assert.Equal(2, posted.Count);
        // The API gets a key derived from the session and the id, never the session id itself.
        var derived = posted[0].Headers["Idempotency-Key"];
        Assert.StartsWith("mcp-req-", derived, StringComparison.Ordinal);
        Assert.DoesNotContain(session.SessionId, derived, StringComparison.Ordinal);
        Assert.NotEqual(derived, posted[1].Headers["Idempotency-Key"]);
    }

    [Fact]
    public async Task A_request_id_reused_for_other_arguments_is_a_new_call_not_a_conflict()
    {
        var (tenant, session) = await StartAsync();
        using var _ = session;

        var first = await session.CallAsync("createOrder", new { item = "salt" }, requestId: 9);
        var other = await session.CallAsync("createOrder", new { item = "pepper" }, requestId: 9);

        Assert.False(other.IsError(), other.ToString());
        Assert.NotEqual(first.Order(), other.Order());
        var posted = OrdersPosted(tenant);
        Assert.Equal(2, posted.Count);
        // Run without a key: the first call's key must not reach the API with another request.
        Assert.False(posted[1].Headers.ContainsKey("Idempotency-Key"));
    }

    [Fact]
    public async Task The_same_key_with_other_arguments_or_another_tool_is_a_conflict_and_nothing_is_sent()
    {
        var (tenant, session) = await StartAsync();
        using var _ = session;
        var key = "order-" + Guid.NewGuid();
        var first = await session.CallAsync("createOrder", new { item = "rice" }, headerKey: key);

        var otherArguments = await session.CallAsync("createOrder", new { item = "beans" }, headerKey: key);
        var otherTool = await session.CallAsync("cancelOrder", new { order = first.Order() }, headerKey: key);

        Assert.True(otherArguments.IsError());
        Assert.Contains($"Idempotency key '{key}' was already used", otherArguments.Text(), StringComparison.Ordinal);
        Assert.Contains("createOrder with other arguments", otherArguments.Text(), StringComparison.Ordinal);
        Assert.Contains("use a new key", otherArguments.Text(), StringComparison.Ordinal);
        Assert.True(otherTool.IsError());
        Assert.Contains("another tool (createOrder)", otherTool.Text(), StringComparison.Ordinal);
        Assert.Single(OrdersPosted(tenant));
        Assert.DoesNotContain(fixture.Upstream.RequestsFor(tenant.Id), r => r.Method == "DELETE");
    }

    [Fact]
    public async Task Concurrent_repeats_wait_for_the_running_call_and_all_get_its_result()
    {
        var (tenant, session) = await StartAsync();
        using var _ = session;
        var key = "order-" + Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            session.CallAsync("createOrder", new { item = "coffee", delayMs = 1500 }, headerKey: key)));

        Assert.All(results, r => Assert.False(r.IsError(), r.ToString()));
        Assert.Single(results.Select(r => r.Order()).Distinct());
        Assert.Single(OrdersPosted(tenant));
    }

    [Fact]
    public async Task A_call_without_a_real_answer_releases_its_key_so_a_retry_runs_again()
    {
        var (tenant, session) = await StartAsync();
        using var _ = session;
        var key = "order-" + Guid.NewGuid();

        var unavailable = await session.CallAsync("createOrder", new { item = "cake", failWith = 503 }, headerKey: key);
        var retried = await session.CallAsync("createOrder", new { item = "cake", failWith = 503 }, headerKey: key);

        Assert.True(unavailable.IsError());
        Assert.True(retried.IsError());
        // Both calls ran: a keyed write is safe to repeat, so each also made the platform's own retries on 503.
        const int attemptsPerCall = 1 + 2; // Platform:Upstreams:MaxRetries defaults to 2
        Assert.Equal(2 * attemptsPerCall, OrdersPosted(tenant).Count);
    }

    [Fact]
    public async Task The_apis_own_refusal_is_kept_like_a_success()
    {
        var (tenant, session) = await StartAsync();
        using var _ = session;
        var key = "order-" + Guid.NewGuid();

        var refused = await session.CallAsync("createOrder", new { item = "pie", failWith = 422 }, headerKey: key);
        var repeat = await session.CallAsync("createOrder", new { item = "pie", failWith = 422 }, headerKey: key);

        Assert.True(refused.IsError());
        Assert.Contains("422", refused.Text(), StringComparison.Ordinal);
        Assert.Equal(refused.ToString(), repeat.ToString());
        Assert.Single(OrdersPosted(tenant));
    }

    [Fact]
    public async Task Reads_run_every_time_even_with_a_key()
    {
        var (tenant, session) = await StartAsync();
        using var _ = session;
        var key = "read-" + Guid.NewGuid();

        await session.CallAsync("listOrders", new { }, headerKey: key);
        await session.CallAsync("listOrders", new { }, headerKey: key);

        var reads = fixture.Upstream.RequestsFor(tenant.Id).Where(r => r.Method == "GET" && r.Path == "/orders").ToList();
        Assert.Equal(2, reads.Count);
        Assert.All(reads, r => Assert.False(r.Headers.ContainsKey("Idempotency-Key")));
    }

    [Fact]
    public async Task Keys_belong_to_the_api_key_that_sent_them()
    {
        var (tenant, agent) = await StartAsync();
        using var _ = agent;
        using var admin = await OrdersSession.StartAsync(fixture.Platform, tenant.Id, tenant.AdminKey);
        var key = "shared-" + Guid.NewGuid();

        var byAgent = await agent.CallAsync("createOrder", new { item = "soap" }, headerKey: key);
        var byAdmin = await admin.CallAsync("createOrder", new { item = "soap" }, headerKey: key);

        Assert.NotEqual(byAgent.Order(), byAdmin.Order());
        Assert.Equal(2, OrdersPosted(tenant).Count);
    }

    [Theory]
    [InlineData("has space", null, "visible ASCII")]
    [InlineData(null, "ключ", "visible ASCII")]
    [InlineData("header-key", "meta-key", "differ")]
    public async Task Unusable_keys_are_refused_before_anything_is_sent(string? headerKey, string? metaKey, string expected)
    {
        var (tenant, session) = await StartAsync();
        using var _ = session;

        var result = await session.CallAsync("createOrder", new { item = "tape" }, headerKey, metaKey);

        Assert.True(result.IsError());
        Assert.Contains(expected, result.Text(), StringComparison.Ordinal);
        Assert.Contains("Nothing was sent", result.Text(), StringComparison.Ordinal);
        Assert.Empty(OrdersPosted(tenant));
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_is_refused()
    {
        var (tenant, session) = await StartAsync();
        using var _ = session;

        var result = await session.CallAsync("createOrder", new { item = "glue" }, metaKey: new string('k', 256));

        Assert.True(result.IsError());
        Assert.Contains("1 to 255 characters", result.Text(), StringComparison.Ordinal);
        Assert.Empty(OrdersPosted(tenant));
    }
}
