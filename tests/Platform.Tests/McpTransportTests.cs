using System.Net;
using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

/// <summary>Transport safety and paging of a tenant MCP endpoint.</summary>
[Collection(PlatformCollection.Name)]
public sealed class McpTransportTests(PlatformFixture fixture)
{
    private const string ListTools = """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""";

    private async Task<TestTenant> TenantWithItemsApiAsync()
    {
        var tenant = await fixture.CreateTenantAsync();
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "items", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json" }))
            .Expect(HttpStatusCode.Created);
        return tenant;
    }

    [Fact]
    public async Task Tools_are_listed_in_pages_with_stable_cursors()
    {
        var tenant = await TenantWithItemsApiAsync();
        using var http = fixture.Platform.CreateClient();
        var names = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var request = cursor is null ? ListTools : """{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"cursor":"CURSOR"}}""".Replace("CURSOR", cursor, StringComparison.Ordinal);
            var (status, message) = await RawMcp.PostAsync(http, tenant.Id, tenant.AgentKey, request);
            Assert.Equal(200, status);
            var result = message!.Value.GetProperty("result");
            var tools = result.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
            Assert.InRange(tools.Count, 1, PlatformFactory.ToolsPageSize);
            names.AddRange(tools);
            cursor = result.TryGetProperty("nextCursor", out var next) && next.ValueKind == System.Text.Json.JsonValueKind.String ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(2, pages);
        Assert.Equal(TestApiDocument.ToolNames.Order(StringComparer.Ordinal), names);

        // The SDK client follows the cursors itself.
        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey);
        Assert.Equal(TestApiDocument.ToolNames.Length, (await client.ListToolsAsync()).Count);
    }

    [Fact]
    public async Task A_forged_cursor_is_an_invalid_params_error()
    {
        var tenant = await TenantWithItemsApiAsync();
        using var http = fixture.Platform.CreateClient();
        var (_, message) = await RawMcp.PostAsync(http, tenant.Id, tenant.AgentKey, """{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"cursor":"!!not-a-cursor!!"}}""");
        Assert.Equal(-32602, message!.Value.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_foreign_browser_origin_is_refused_before_anything_else()
    {
        var tenant = await TenantWithItemsApiAsync();
        using var http = fixture.Platform.CreateClient();
        var (status, message) = await RawMcp.PostAsync(http, tenant.Id, tenant.AgentKey, ListTools, origin: "http://evil.example");
        Assert.Equal(403, status);
        Assert.Contains("Origin", message!.Value.GetProperty("error").GetProperty("message").GetString());

        var (localStatus, _) = await RawMcp.PostAsync(http, tenant.Id, tenant.AgentKey, ListTools, origin: "http://localhost:6274");
        Assert.Equal(200, localStatus);
        var (noOriginStatus, _) = await RawMcp.PostAsync(http, tenant.Id, tenant.AgentKey, ListTools);
        Assert.Equal(200, noOriginStatus);
    }

    [Fact]
    public async Task An_oversized_request_is_refused_with_413()
    {
        var tenant = await TenantWithItemsApiAsync();
        using var http = fixture.Platform.CreateClient();
        var huge = """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"createItem","arguments":{"name":"NAME"}}}""".Replace("NAME", new string('x', 2 * 1024 * 1024), StringComparison.Ordinal);
        var (status, _) = await RawMcp.PostAsync(http, tenant.Id, tenant.AgentKey, huge);
        Assert.Equal(413, status);
        Assert.DoesNotContain(fixture.Upstream.Requests, r => r.Method == "POST" && r.Body.Length > 1024 * 1024);
    }
}
