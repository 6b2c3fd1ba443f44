using System.Net;
using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class TenantSettingsTests(PlatformFixture fixture)
{
    private const string LongNamesDocument = """
        {
          "openapi": "3.0.3",
          "info": { "title": "Long names", "version": "1" },
          "paths": {
            "/inventory/items": {
              "get": { "operationId": "listEveryItemCurrentlyHeldInTheWarehouseInventory", "responses": { "200": { "description": "ok" } } },
              "post": { "operationId": "createAnItemInTheWarehouseInventoryForLaterShipping", "responses": { "201": { "description": "ok" } } }
            }
          }
        }
        """;

    [Fact]
    public async Task Lowering_the_tool_name_limit_renames_existing_tools_to_fit_and_keeps_them_callable()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.PutApiAsync(tenant.Id, "long", new { openApi = LongNamesDocument, baseUrl = fixture.Upstream.BaseUrl })).Expect(HttpStatusCode.Created);

        var updated = (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { maxToolNameLength = 32 })).Expect(HttpStatusCode.OK);
        Assert.Equal(32, updated.GetProperty("maxToolNameLength").GetInt32());

        var names = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/tools")).Expect(HttpStatusCode.OK)
            .EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
        Assert.Equal(2, names.Count);
        Assert.All(names, name => Assert.InRange(name.Length, 1, 32));
        Assert.Equal(2, names.Distinct().Count());

        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey);
        var listed = (await client.ListToolsAsync()).Select(t => t.Name).Order().ToList();
        Assert.Equal(names.Order(), listed);

        // A registration after the change follows the limit too.
        (await admin.PutApiAsync(tenant.Id, "again", new { openApi = LongNamesDocument, baseUrl = fixture.Upstream.BaseUrl, toolPrefix = "b_" }))
            .Expect(HttpStatusCode.Created).GetProperty("tools").EnumerateArray().ToList()
            .ForEach(tool => Assert.InRange(tool.GetString()!.Length, 1, 32));
    }

    [Fact]
    public async Task A_tenant_created_with_a_limit_gets_short_names_from_the_start()
    {
        using var operatorClient = fixture.Admin();
        var id = "short-" + Guid.NewGuid().ToString("N")[..8];
        var created = (await operatorClient.SendAsync(HttpMethod.Post, "/admin/v1/tenants", new { id, maxToolNameLength = 24 })).Expect(HttpStatusCode.Created);
        Assert.Equal(24, created.GetProperty("maxToolNameLength").GetInt32());

        var registered = (await operatorClient.PutApiAsync(id, "long", new { openApi = LongNamesDocument, baseUrl = fixture.Upstream.BaseUrl })).Expect(HttpStatusCode.Created);
        Assert.All(registered.GetProperty("tools").EnumerateArray(), tool => Assert.InRange(tool.GetString()!.Length, 1, 24));
    }

    [Theory]
    [InlineData("""{"maxToolNameLength": 4}""", "maxToolNameLength")]
    [InlineData("""{"maxToolNameLength": 500}""", "maxToolNameLength")]
    [InlineData("""{"displayName": ""}""", "displayName")]
    public async Task Invalid_settings_are_400_naming_the_field(string body, string field)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", body)).ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Only_admins_of_the_tenant_change_its_settings()
    {
        var tenant = await fixture.CreateTenantAsync();
        var other = await fixture.CreateTenantAsync();
        using var agent = fixture.Admin(tenant.AgentKey);
        using var stranger = fixture.Admin(other.AdminKey);
        (await agent.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { displayName = "x" })).ExpectProblem(HttpStatusCode.Forbidden);
        (await stranger.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { displayName = "x" })).ExpectProblem(HttpStatusCode.Forbidden);

        using var admin = fixture.Admin(tenant.AdminKey);
        Assert.Equal("Renamed", (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { displayName = "Renamed" }))
            .Expect(HttpStatusCode.OK).GetProperty("displayName").GetString());
        using var operatorClient = fixture.Admin();
        (await operatorClient.SendAsync(HttpMethod.Patch, "/admin/v1/tenants/no-such-tenant", new { displayName = "x" })).ExpectProblem(HttpStatusCode.NotFound);
    }
}
