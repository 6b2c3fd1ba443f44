using System.Net;
using System.Net.Http.Headers;
using System.Text;
using McpPlatform.Platform.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace McpPlatform.Platform.Tests;

/// <summary>Nothing of tenant A is reachable with a key of tenant B, on the admin API or on MCP.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CrossTenantIsolationTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_tenant_admin_key_cannot_reach_another_tenant()
    {
        var a = await fixture.CreateTenantAsync("a");
        var b = await fixture.CreateTenantAsync("b");
        using var bAdmin = fixture.Admin(b.AdminKey);
        (await fixture.Admin(a.AdminKey).PutApiAsync(a.Id, "items", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json" })).Expect(HttpStatusCode.Created);

        (await bAdmin.GetAsync($"/admin/v1/tenants/{a.Id}")).ExpectProblem(HttpStatusCode.Forbidden);
        (await bAdmin.GetAsync($"/admin/v1/tenants/{a.Id}/keys")).ExpectProblem(HttpStatusCode.Forbidden);
        (await bAdmin.GetAsync($"/admin/v1/tenants/{a.Id}/apis")).ExpectProblem(HttpStatusCode.Forbidden);
        (await bAdmin.GetAsync($"/admin/v1/tenants/{a.Id}/apis/items")).ExpectProblem(HttpStatusCode.Forbidden);
        (await bAdmin.GetAsync($"/admin/v1/tenants/{a.Id}/tools")).ExpectProblem(HttpStatusCode.Forbidden);
        (await bAdmin.SendAsync(HttpMethod.Delete, $"/admin/v1/tenants/{a.Id}/apis/items")).ExpectProblem(HttpStatusCode.Forbidden);
        (await bAdmin.SendAsync(HttpMethod.Post, $"/admin/v1/tenants/{a.Id}/keys", new { name = "stolen", role = "admin" })).ExpectProblem(HttpStatusCode.Forbidden);

        // The same answer whether or not the other tenant exists: nothing leaks.
        var missing = await bAdmin.GetAsync("/admin/v1/tenants/does-not-exist/apis");
        missing.ExpectProblem(HttpStatusCode.Forbidden);

        // And A's API is untouched.
        (await fixture.Admin(a.AdminKey).GetAsync($"/admin/v1/tenants/{a.Id}/apis/items")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_of_one_tenant_is_refused_on_another_tenants_mcp_url()
    {
        var a = await fixture.CreateTenantAsync("a");
        var b = await fixture.CreateTenantAsync("b");
        using var http = fixture.Platform.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/t/{a.Id}/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", b.AgentKey);
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("getItem", await response.Content.ReadAsStringAsync());

        await Assert.ThrowsAnyAsync<Exception>(async () => await (await McpClients.ConnectAsync(fixture.Platform, a.Id, b.AgentKey)).ListToolsAsync());
    }

    [Fact]
    public async Task Each_tenant_lists_only_its_own_tools()
    {
        var a = await fixture.CreateTenantAsync("a");
        var b = await fixture.CreateTenantAsync("b");
        (await fixture.Admin(a.AdminKey).PutApiAsync(a.Id, "items", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json" })).Expect(HttpStatusCode.Created);
        (await fixture.Admin(b.AdminKey).PutApiAsync(b.Id, "items", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json", toolPrefix = "b_", include = new { operations = new[] { "listItems" } } }))
            .Expect(HttpStatusCode.Created);

        await using var clientA = await McpClients.ConnectAsync(fixture.Platform, a.Id, a.AgentKey);
        await using var clientB = await McpClients.ConnectAsync(fixture.Platform, b.Id, b.AgentKey);
        Assert.Equal(TestApiDocument.ToolNames.Order(), (await clientA.ListToolsAsync()).Select(t => t.Name).Order());
        Assert.Equal(["b_listItems"], (await clientB.ListToolsAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task The_mcp_endpoint_needs_a_key()
    {
        var a = await fixture.CreateTenantAsync("a");
        using var http = fixture.Platform.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/t/{a.Id}/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }
}
