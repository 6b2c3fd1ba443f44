using System.Net;
using System.Text.Json;
using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

/// <summary>
/// <c>tools/list</c> pages are answered from JSON stored per tool-list version (and put into the SDK's response by an
/// outgoing filter): they must hold exactly what the registry holds, in every transport and protocol era.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ToolListPagesTests(PlatformFixture fixture)
{
    private async Task<TestTenant> TenantWithItemsApiAsync(string api = "items", string? toolPrefix = null, TestTenant? tenant = null)
    {
        tenant ??= await fixture.CreateTenantAsync();
        var response = await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, api, new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json", toolPrefix });
        response.Expect(HttpStatusCode.Created);
        return tenant;
    }

    [Fact]
    public async Task Every_listed_tool_is_the_registry_tool_with_its_schemas_and_annotations()
    {
        var tenant = await TenantWithItemsApiAsync();
        using var http = fixture.Platform.CreateClient();
        var session = await RawMcp.StartSessionAsync(http, tenant.Id, tenant.AgentKey);

        var listed = await ListAllAsync(http, tenant, session);
        var again = await ListAllAsync(http, tenant, session);

        var registry = (await fixture.Admin(tenant.AdminKey).GetAsync($"/admin/v1/tenants/{tenant.Id}/tools")).Expect(HttpStatusCode.OK)
            .EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(registry.Keys.Order(StringComparer.Ordinal), listed.Select(t => t.GetProperty("name").GetString()));
        foreach (var tool in listed)
        {
            var expected = registry[tool.GetProperty("name").GetString()!];
            Assert.True(JsonElement.DeepEquals(expected.GetProperty("inputSchema"), tool.GetProperty("inputSchema")), tool.ToString());
            Assert.Equal(expected.GetProperty("description").GetString(), tool.GetProperty("description").GetString());
            Assert.Equal(expected.GetProperty("annotations").GetProperty("readOnlyHint").GetBoolean(), tool.GetProperty("annotations").GetProperty("readOnlyHint").GetBoolean());
            Assert.Equal(expected.TryGetProperty("outputSchema", out var output) && output.ValueKind == JsonValueKind.Object,
                tool.TryGetProperty("outputSchema", out var listedOutput) && listedOutput.ValueKind == JsonValueKind.Object);
        }

        // A second listing comes from the stored pages: the same tools, to the byte.
        Assert.Equal(listed.Select(t => t.GetRawText()), again.Select(t => t.GetRawText()));
    }

    [Fact]
    public async Task A_cursor_from_before_a_change_still_continues_after_the_tool_it_names()
    {
        var tenant = await TenantWithItemsApiAsync();
        using var http = fixture.Platform.CreateClient();
        var session = await RawMcp.StartSessionAsync(http, tenant.Id, tenant.AgentKey);
        var (_, firstPage, _) = await RawMcp.SendAsync(http, HttpMethod.Post, tenant.Id, tenant.AgentKey, ListTools(null), session);
        var cursor = firstPage!.Value.GetProperty("result").GetProperty("nextCursor").GetString()!;
        var lastOfFirstPage = firstPage.Value.GetProperty("result").GetProperty("tools").EnumerateArray().Last().GetProperty("name").GetString()!;

        // Six more tools sort before all the others, so the old cursor now points into the middle of a page.
        await TenantWithItemsApiAsync("more", toolPrefix: "a_", tenant: tenant);
        var (_, next, _) = await RawMcp.SendAsync(http, HttpMethod.Post, tenant.Id, tenant.AgentKey, ListTools(cursor), session);

        var names = next!.Value.GetProperty("result").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
        var expected = TestApiDocument.ToolNames.Order(StringComparer.Ordinal)
            .Where(name => string.CompareOrdinal(name, lastOfFirstPage) > 0).Take(PlatformFactory.ToolsPageSize);
        Assert.Equal(expected, names);
    }

    [Fact]
    public async Task A_sessionless_listing_keeps_what_the_SDK_adds_to_the_result()
    {
        var tenant = await TenantWithItemsApiAsync();
        using var http = fixture.Platform.CreateClient();
        var (status, message, _) = await RawMcp.SendAsync(http, HttpMethod.Post, tenant.Id, tenant.AgentKey, """
            {"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"_meta":{
              "io.modelcontextprotocol/protocolVersion":"2026-07-28",
              "io.modelcontextprotocol/clientCapabilities":{},
              "io.modelcontextprotocol/clientInfo":{"name":"modern","version":"1"}}}}
            """, protocolVersion: "2026-07-28", headers: new Dictionary<string, string> { ["Mcp-Method"] = "tools/list" });

        Assert.Equal(200, status);
        var result = message!.Value.GetProperty("result");
        Assert.Equal(PlatformFactory.ToolsPageSize, result.GetProperty("tools").GetArrayLength());
        Assert.True(result.GetProperty("_meta").TryGetProperty("io.modelcontextprotocol/serverInfo", out _), result.ToString());
    }

    private static string ListTools(string? cursor) => cursor is null
        ? """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}"""
        : JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 2, method = "tools/list", @params = new { cursor } });

    private static async Task<List<JsonElement>> ListAllAsync(HttpClient http, TestTenant tenant, string session)
    {
        var tools = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var (status, message, _) = await RawMcp.SendAsync(http, HttpMethod.Post, tenant.Id, tenant.AgentKey, ListTools(cursor), session);
            Assert.Equal(200, status);
            var result = message!.Value.GetProperty("result");
            tools.AddRange(result.GetProperty("tools").EnumerateArray());
            cursor = result.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        return tools;
    }
}
