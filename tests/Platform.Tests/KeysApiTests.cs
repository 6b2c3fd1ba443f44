using System.Net;
using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class KeysApiTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_key_secret_is_shown_once_and_never_listed()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var created = (await admin.SendAsync(HttpMethod.Post, $"/admin/v1/tenants/{tenant.Id}/keys", new { name = "ci-bot", role = "agent" }))
            .Expect(HttpStatusCode.Created);
        var secret = created.GetProperty("key").GetString()!;
        Assert.Equal("agent", created.GetProperty("role").GetString());

        var listing = await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/keys");
        var keys = listing.Expect(HttpStatusCode.OK);
        Assert.Equal(3, keys.GetArrayLength());
        Assert.Contains(keys.EnumerateArray(), k => k.GetProperty("name").GetString() == "ci-bot" && !k.TryGetProperty("key", out _));
        Assert.DoesNotContain(secret.Split('.')[^1], listing.Body);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_within_a_second()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var created = (await admin.SendAsync(HttpMethod.Post, $"/admin/v1/tenants/{tenant.Id}/keys", new { name = "short-lived", role = "admin" }))
            .Expect(HttpStatusCode.Created);
        using var doomed = fixture.Admin(created.GetProperty("key").GetString()!);
        (await doomed.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis")).Expect(HttpStatusCode.OK);

        (await admin.SendAsync(HttpMethod.Delete, $"/admin/v1/tenants/{tenant.Id}/keys/{created.GetProperty("id").GetString()}"))
            .Expect(HttpStatusCode.NoContent);
        await Task.Delay(TimeSpan.FromSeconds(1));
        (await doomed.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis")).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoking_an_unknown_key_is_404()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.SendAsync(HttpMethod.Delete, $"/admin/v1/tenants/{tenant.Id}/keys/nope")).ExpectProblem(HttpStatusCode.NotFound, "nope");
    }

    [Theory]
    [InlineData("""{"name":"x","role":"root"}""", "role")]
    [InlineData("""{"role":"agent"}""", "name")]
    public async Task Invalid_key_requests_are_400_naming_the_field(string body, string field)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.SendAsync(HttpMethod.Post, $"/admin/v1/tenants/{tenant.Id}/keys", body)).ExpectProblem(HttpStatusCode.BadRequest, field);
    }
}
