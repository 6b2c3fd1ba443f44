using System.Net;
using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

/// <summary>The operator's default budgets, on a platform of the test's own configured with them.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RateLimitDefaultsTests(PlatformFixture fixture)
{
    private int OrdersPosted(TestTenant tenant) => fixture.Upstream.RequestsFor(tenant.Id).Count(r => r.Method == "POST" && r.Path == "/orders");

    [Fact]
    public async Task The_operators_default_budget_applies_to_tenants_without_their_own()
    {
        await using var platform = new PlatformFactory(new Dictionary<string, string?> { ["Platform:RateLimits:WritesPerMinute"] = "1" });
        var (tenant, session) = await OrdersSession.StartOnAsync(platform, fixture.Upstream);
        using var _ = session;

        Assert.False((await session.CallAsync("createOrder", new { item = "a" })).IsError());
        var refused = await session.CallAsync("createOrder", new { item = "b" });
        Assert.Contains("this tenant's write calls (1 per minute)", refused.Text(), StringComparison.Ordinal);

        // The tenant's own budget takes the default's place.
        using var operatorAdmin = new AdminApiClient(platform.CreateClient(), PlatformFactory.OperatorKey);
        (await operatorAdmin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { limits = new { writesPerMinute = 3 } })).Expect(HttpStatusCode.OK);
        var afterChange = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            afterChange.Add((await session.CallAsync("createOrder", new { item = "c" })).IsError());
        }

        Assert.Equal([false, false, false, true], afterChange);
        Assert.Equal(4, OrdersPosted(tenant));
    }
}
