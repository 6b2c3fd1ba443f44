using System.Net;
using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class TenantsApiTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Operator_creates_gets_lists_and_deletes_a_tenant()
    {
        using var admin = fixture.Admin();
        var id = "acme-" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.SendAsync(HttpMethod.Post, "/admin/v1/tenants", new { id, displayName = "Acme Corp" });
        var body = created.Expect(HttpStatusCode.Created);
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal("Acme Corp", body.GetProperty("displayName").GetString());
        Assert.EndsWith($"/admin/v1/tenants/{id}", created.Headers.Location!.ToString());

        Assert.Equal("Acme Corp", (await admin.GetAsync($"/admin/v1/tenants/{id}")).Expect(HttpStatusCode.OK).GetProperty("displayName").GetString());
        var listed = (await admin.GetAsync("/admin/v1/tenants")).Expect(HttpStatusCode.OK);
        Assert.Contains(listed.EnumerateArray(), t => t.GetProperty("id").GetString() == id);

        (await admin.SendAsync(HttpMethod.Delete, $"/admin/v1/tenants/{id}")).Expect(HttpStatusCode.NoContent);
        (await admin.GetAsync($"/admin/v1/tenants/{id}")).ExpectProblem(HttpStatusCode.NotFound, id);
        listed = (await admin.GetAsync("/admin/v1/tenants")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(listed.EnumerateArray(), t => t.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Creating_a_tenant_that_exists_is_409()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin();
        (await admin.SendAsync(HttpMethod.Post, "/admin/v1/tenants", new { id = tenant.Id, displayName = "again" }))
            .ExpectProblem(HttpStatusCode.Conflict, "already exists");
    }

    [Theory]
    [InlineData("""{"id":"A"}""")]
    [InlineData("""{"id":"-leading-dash"}""")]
    [InlineData("""{"id":"x"}""")]
    [InlineData("""{"id":"has_underscore"}""")]
    [InlineData("""{"displayName":"no id"}""")]
    public async Task Invalid_tenant_ids_are_rejected_with_the_rule(string body)
    {
        using var admin = fixture.Admin();
        (await admin.SendAsync(HttpMethod.Post, "/admin/v1/tenants", body)).ExpectProblem(HttpStatusCode.BadRequest, "[a-z0-9]");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var admin = fixture.Admin();
        var response = await admin.SendAsync(HttpMethod.Post, "/admin/v1/tenants", "{ not json");
        response.ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_tenants_are_404_for_the_operator()
    {
        using var admin = fixture.Admin();
        (await admin.GetAsync("/admin/v1/tenants/nobody-here")).ExpectProblem(HttpStatusCode.NotFound, "nobody-here");
        (await admin.GetAsync("/admin/v1/tenants/nobody-here/apis")).ExpectProblem(HttpStatusCode.NotFound, "nobody-here");
        (await admin.SendAsync(HttpMethod.Post, "/admin/v1/tenants/nobody-here/keys", new { name = "k", role = "agent" }))
            .ExpectProblem(HttpStatusCode.NotFound, "nobody-here");
        (await admin.SendAsync(HttpMethod.Delete, "/admin/v1/tenants/nobody-here")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_tenant_removes_its_keys_and_tools()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var tenantAdmin = fixture.Admin(tenant.AdminKey);
        (await tenantAdmin.PutApiAsync(tenant.Id, "items", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json" })).Expect(HttpStatusCode.Created);

        using var admin = fixture.Admin();
        (await admin.SendAsync(HttpMethod.Delete, $"/admin/v1/tenants/{tenant.Id}")).Expect(HttpStatusCode.NoContent);
        await Task.Delay(1100); // longer than any frontend remembers a key

        (await tenantAdmin.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis")).ExpectProblem(HttpStatusCode.Unauthorized);
        await admin.CreateTenantAsync(tenant.Id);
        Assert.Equal(0, (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis")).Expect(HttpStatusCode.OK).GetArrayLength());
        Assert.Equal(0, (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/keys")).Expect(HttpStatusCode.OK).GetArrayLength());
    }
}
