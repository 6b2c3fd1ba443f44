using System.Net;
using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class AdminAuthenticationTests(PlatformFixture fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    [InlineData("mcpk.acme.abc.def")]
    [InlineData("test-operator-key-0123456789x")]
    public async Task Missing_or_unknown_keys_get_401_with_a_bearer_challenge(string? key)
    {
        using var client = new AdminApiClient(fixture.Platform.CreateClient(), key);
        var response = await client.GetAsync("/admin/v1/tenants");
        response.ExpectProblem(HttpStatusCode.Unauthorized, "Bearer");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Tenant_keys_cannot_manage_tenants()
    {
        var tenant = await fixture.CreateTenantAsync();
        foreach (var key in new[] { tenant.AdminKey, tenant.AgentKey })
        {
            using var client = fixture.Admin(key);
            (await client.GetAsync("/admin/v1/tenants")).ExpectProblem(HttpStatusCode.Forbidden);
            (await client.SendAsync(HttpMethod.Post, "/admin/v1/tenants", new { id = "sneaky-" + Guid.NewGuid().ToString("N")[..6] }))
                .ExpectProblem(HttpStatusCode.Forbidden);
            (await client.SendAsync(HttpMethod.Delete, $"/admin/v1/tenants/{tenant.Id}")).ExpectProblem(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Agent_keys_may_not_use_the_admin_api_of_their_own_tenant()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var agent = fixture.Admin(tenant.AgentKey);
        (await agent.GetAsync($"/admin/v1/tenants/{tenant.Id}/keys")).ExpectProblem(HttpStatusCode.Forbidden);
        (await agent.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis")).ExpectProblem(HttpStatusCode.Forbidden);
        (await agent.PutApiAsync(tenant.Id, "x", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json" })).ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_admin_api_documents_itself()
    {
        using var anonymous = new AdminApiClient(fixture.Platform.CreateClient(), null);
        var document = (await anonymous.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/admin/v1/tenants", out _));
        Assert.True(paths.TryGetProperty("/admin/v1/tenants/{tenant}/apis/{api}", out _));
    }
}
