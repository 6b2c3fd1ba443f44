using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Registry;
using McpPlatform.Platform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Platform.Tests;

/// <summary>
/// A tenant's tool access rules: set with its <c>auth</c> settings, kept by its registry with the tools, and enforced on
/// every call of an OAuth principal. Calls are made on the registry grain with a <see cref="ToolCaller"/>, as a frontend
/// that validated a token makes them.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ToolAccessRulesTests(PlatformFixture fixture)
{
    /// <summary>Writes need <c>items:write</c> or the <c>editor</c> role; every tool of the API needs some <c>items</c> scope.</summary>
    private static readonly object Auth = new
    {
        oauth = new
        {
            issuer = "https://login.example.com/realms/acme",
            roleClaim = "realm_access.roles",
            access = new object[]
            {
                new { tools = new[] { "createItem" }, scopes = new[] { "items:write" }, roles = new[] { "editor" } },
                new { apis = new[] { "items" }, scopes = new[] { "items:read", "items:write" } },
            },
        },
    };

    private IToolRegistryGrain Registry(TestTenant tenant) =>
        fixture.Platform.Services.GetRequiredService<IClusterClient>().GetGrain<IToolRegistryGrain>(tenant.Id);

    private async Task<TestTenant> TenantWithItemsApiAsync()
    {
        var tenant = await fixture.CreateTenantAsync("access");
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "items", new
        {
            openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json",
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);
        return tenant;
    }

    [Fact]
    public async Task Changed_rules_reach_the_registry_as_a_new_tool_version_and_open_sessions_hear_of_it()
    {
        var tenant = await TenantWithItemsApiAsync();
        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey, "2025-11-25");
        var changed = Channel.CreateUnbounded<bool>();
        await using var _ = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification,
            (_, _) => { changed.Writer.TryWrite(true); return ValueTask.CompletedTask; });
        await client.ListToolsAsync(); // the session is established and its GET stream open
        await Task.Delay(200);

        var registry = Registry(tenant);
        var before = (await registry.GetToolsAsync(-1))!;
        Assert.Empty(before.Access);

        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { auth = Auth })).Expect(HttpStatusCode.OK);
        await ExpectNotificationAsync(changed);
        var ruled = (await registry.GetToolsAsync(before.Version))!;
        Assert.True(ruled.Version > before.Version);
        Assert.Equal(before.Tools.Select(t => t.Definition.Name), ruled.Tools.Select(t => t.Definition.Name));
        Assert.Equal(2, ruled.Access.Count);
        Assert.Equal(["createItem"], ruled.Access[0].Tools);
        Assert.Equal(["items:write"], ruled.Access[0].Scopes);
        Assert.Equal(["editor"], ruled.Access[0].Roles);
        Assert.Equal(["items"], ruled.Access[1].Apis);
        Assert.Equal(["items:read", "items:write"], ruled.Access[1].Scopes);

        // The same rules again, or another setting changed, leave the tools (and the agents) alone.
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { auth = Auth })).Expect(HttpStatusCode.OK);
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { displayName = "Renamed" })).Expect(HttpStatusCode.OK);
        Assert.Null(await registry.GetToolsAsync(ruled.Version));
        await Task.Delay(500);
        Assert.False(changed.Reader.TryRead(out var _), "agents were told of a change that did not happen");

        // Back to no rules: a change again.
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { auth = new { } })).Expect(HttpStatusCode.OK);
        await ExpectNotificationAsync(changed);
        var open = (await registry.GetToolsAsync(ruled.Version))!;
        Assert.True(open.Version > ruled.Version);
        Assert.Empty(open.Access);
    }

    [Fact]
    public async Task A_caller_the_rules_keep_from_a_tool_is_refused_and_audited_while_allowed_callers_and_keys_go_through()
    {
        var tenant = await TenantWithItemsApiAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { auth = Auth })).Expect(HttpStatusCode.OK);
        var registry = Registry(tenant);

        var reader = Caller("alice", "claude-desktop", ["openid", "items:read"]);
        var refused = await registry.CallToolAsync(Call("createItem", """{"name": "refused", "qty": 1}""", reader));
        Assert.Equal(ToolCallOutcome.Forbidden, refused.Outcome);
        Assert.True(refused.IsError);
        Assert.Equal(
            "Tool 'createItem' needs scope 'items:write' or role 'editor', which this sign-in does not carry: sign in again asking for that scope, " +
            "or ask the tenant's admin. Nothing was sent to the API.",
            Assert.Single(refused.Content).Text);
        Assert.DoesNotContain(fixture.Upstream.RequestsFor(tenant.Id), r => r.Method == "POST");

        // Refused before the arguments are looked at (invalid ones included), and by the API-wide rule too.
        Assert.Equal(ToolCallOutcome.Forbidden, (await registry.CallToolAsync(Call("createItem", """{"qty": -1}""", reader))).Outcome);
        var stranger = await registry.CallToolAsync(Call("listItems", "{}", Caller("mallory", null, ["openid"])));
        Assert.Equal(ToolCallOutcome.Forbidden, stranger.Outcome);
        Assert.Contains("one of the scopes 'items:read', 'items:write'", stranger.Content[0].Text);
        Assert.Empty(fixture.Upstream.RequestsFor(tenant.Id));

        Assert.Equal(ToolCallOutcome.Success, (await registry.CallToolAsync(Call("listItems", "{}", reader))).Outcome);
        Assert.Equal(ToolCallOutcome.Success, (await registry.CallToolAsync(Call("createItem", """{"name": "by-scope"}""", Caller("bob", null, ["items:write"])))).Outcome);
        // A role satisfies the write rule, yet the API-wide rule still wants a scope: each covering rule must pass.
        var editor = Caller("carol", null, ["items:read"]) with { Roles = ["editor"] };
        Assert.Equal(ToolCallOutcome.Success, (await registry.CallToolAsync(Call("createItem", """{"name": "by-role"}""", editor))).Outcome);
        Assert.Equal(ToolCallOutcome.Forbidden, (await registry.CallToolAsync(Call("createItem", """{"name": "x"}""", editor with { Scopes = [] }))).Outcome);
        // A key is never restricted: a tenant admin minted it.
        Assert.Equal(ToolCallOutcome.Success, (await registry.CallToolAsync(Call("createItem", """{"name": "by-key"}""", null) with { KeyId = "k1" })).Outcome);
        Assert.Equal(["by-scope", "by-role", "by-key"],
            fixture.Upstream.RequestsFor(tenant.Id).Where(r => r.Method == "POST").Select(r => r.JsonBody.GetProperty("name").GetString()));

        // The audit log names the principal of each call; a key's calls have none.
        var alice = await WaitForCallsAsync(admin, tenant, 3, "?subject=alice");
        Assert.Equal(["listItems", "createItem", "createItem"], alice.Select(c => c.GetProperty("tool").GetString()));
        Assert.Equal(["Success", "Forbidden", "Forbidden"], alice.Select(c => c.GetProperty("outcome").GetString()));
        Assert.All(alice, call =>
        {
            Assert.Equal("alice", call.GetProperty("subject").GetString());
            Assert.Equal("claude-desktop", call.GetProperty("clientId").GetString());
            Assert.Equal("openid items:read", call.GetProperty("scopes").GetString());
            Assert.False(call.TryGetProperty("keyId", out _));
        });
        Assert.All(alice.Skip(1), forbidden =>
        {
            Assert.False(forbidden.TryGetProperty("upstreamStatus", out _));
            Assert.False(forbidden.TryGetProperty("upstreamDurationMs", out _));
        });

        var all = await WaitForCallsAsync(admin, tenant, 8);
        var byKey = Assert.Single(all, c => c.TryGetProperty("keyId", out _));
        Assert.False(byKey.TryGetProperty("subject", out _) || byKey.TryGetProperty("clientId", out _) || byKey.TryGetProperty("scopes", out _));
        Assert.Equal(["Forbidden", "Success"], all.Where(c => c.TryGetProperty("subject", out var s) && s.GetString() == "carol")
            .Select(c => c.GetProperty("outcome").GetString()));
        (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/calls?subject=")).ExpectProblem(HttpStatusCode.BadRequest, "'subject'");
    }

    [Fact]
    public async Task Tools_no_rule_covers_stay_open_to_every_principal()
    {
        var tenant = await TenantWithItemsApiAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new
        {
            auth = new { oauth = new { issuer = "https://login.example.com", access = new[] { new { tools = new[] { "createItem" }, scopes = new[] { "items:write" } } } } },
        })).Expect(HttpStatusCode.OK);

        var result = await Registry(tenant).CallToolAsync(Call("listItems", "{}", Caller("alice", null, [])));
        Assert.Equal(ToolCallOutcome.Success, result.Outcome);
    }

    [Fact]
    public async Task Deleting_a_tenant_drops_its_rules_so_a_tenant_created_again_under_its_id_starts_open()
    {
        using var operatorClient = fixture.Admin();
        var id = "reborn-" + Guid.NewGuid().ToString("N")[..8];
        (await operatorClient.SendAsync(HttpMethod.Post, "/admin/v1/tenants", new { id, auth = Auth })).Expect(HttpStatusCode.Created);
        var registry = fixture.Platform.Services.GetRequiredService<IClusterClient>().GetGrain<IToolRegistryGrain>(id);
        Assert.Equal(2, (await registry.GetToolsAsync(-1))!.Access.Count);

        (await operatorClient.SendAsync(HttpMethod.Delete, $"/admin/v1/tenants/{id}")).Expect(HttpStatusCode.NoContent);
        Assert.Empty((await registry.GetToolsAsync(-1))!.Access);

        (await operatorClient.SendAsync(HttpMethod.Post, "/admin/v1/tenants", new { id })).Expect(HttpStatusCode.Created);
        Assert.Empty((await registry.GetToolsAsync(-1))!.Access);
    }

    private static ToolCaller Caller(string subject, string? clientId, string[] scopes) => new() { Subject = subject, ClientId = clientId, Scopes = scopes };

    private static ToolCallRequest Call(string tool, string arguments, ToolCaller? caller) => new()
    {
        ToolName = tool,
        ArgumentsJson = Encoding.UTF8.GetBytes(arguments),
        Caller = caller,
        RequestId = Guid.NewGuid().ToString("N"),
    };

    /// <summary>Reads the log until it holds <paramref name="count"/> records (they are written within a fraction of a second).</summary>
    private static async Task<List<JsonElement>> WaitForCallsAsync(AdminApiClient admin, TestTenant tenant, int count, string query = "")
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var calls = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/calls{query}")).Expect(HttpStatusCode.OK).GetProperty("calls");
            if (calls.GetArrayLength() >= count || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.Equal(count, calls.GetArrayLength());
                return calls.EnumerateArray().ToList();
            }

            await Task.Delay(100);
        }
    }

    private static async Task ExpectNotificationAsync(Channel<bool> channel)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await channel.Reader.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task Rules_naming_an_api_or_tool_that_does_not_exist_are_accepted_with_a_warning()
    {
        var tenant = await TenantWithItemsApiAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var auth = new
        {
            oauth = new
            {
                issuer = "https://login.example.com",
                access = new object[] { new { apis = new[] { "billing" }, tools = new[] { "createItem", "deleteItm" }, scopes = new[] { "items:write" } } },
            },
        };

        var patched = (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { auth })).Expect(HttpStatusCode.OK);
        var shown = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}")).Expect(HttpStatusCode.OK);

        foreach (var response in new[] { patched, shown })
        {
            var warnings = response.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
            Assert.Equal(2, warnings.Count);
            Assert.Contains(warnings, w => w.Contains("API 'billing'", StringComparison.Ordinal));
            Assert.Contains(warnings, w => w.Contains("tool 'deleteItm'", StringComparison.Ordinal));
        }

        // Once the API exists, its warning goes.
        (await admin.PutApiAsync(tenant.Id, "billing", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json", toolPrefix = "billing_" })).Expect(HttpStatusCode.Created);
        var after = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}")).Expect(HttpStatusCode.OK);
        Assert.Single(after.GetProperty("warnings").EnumerateArray());
    }
}
