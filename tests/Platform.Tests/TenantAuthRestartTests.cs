using System.Net;
using System.Text.Json;
using McpPlatform.Contracts.Registry;
using McpPlatform.Platform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Platform.Tests;

/// <summary>A tenant's sign-in settings and the access rules its registry keeps are stored, not only held in memory.</summary>
public sealed class TenantAuthRestartTests : IAsyncLifetime
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "mcp-platform-auth-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Settings_and_rules_are_the_same_after_a_restart()
    {
        const string auth = """
            {"apiKeys": false, "oauth": {"issuer": "https://login.example.com/realms/acme", "requiredScopes": ["mcp:tools"], "roleClaim": "roles",
             "access": [{"tools": ["createItem"], "scopes": ["items:write"], "roles": ["editor"]}],
             "proxy": {"clientId": "abc123", "defaultScopes": ["openid"], "authorizeParameters": {"audience": "https://api"}}}}
            """;
        var id = "restart-" + Guid.NewGuid().ToString("N")[..8];
        JsonElement before;
        long version;
        await using (var first = new PlatformFactory(dataDirectory: dataDirectory))
        {
            using var admin = new AdminApiClient(first.CreateClient(), PlatformFactory.OperatorKey);
            before = (await admin.SendAsync(HttpMethod.Post, "/admin/v1/tenants", $$"""{"id": "{{id}}", "auth": {{auth}}}""")).Expect(HttpStatusCode.Created).GetProperty("auth");
            version = (await first.Services.GetRequiredService<IClusterClient>().GetGrain<IToolRegistryGrain>(id).GetToolsAsync(-1))!.Version;
        }

        await using var second = new PlatformFactory(dataDirectory: dataDirectory);
        using var again = new AdminApiClient(second.CreateClient(), PlatformFactory.OperatorKey);
        var after = (await again.GetAsync($"/admin/v1/tenants/{id}")).Expect(HttpStatusCode.OK).GetProperty("auth");
        Assert.True(JsonElement.DeepEquals(before, after), $"before {before.GetRawText()}\nafter  {after.GetRawText()}");

        var tools = (await second.Services.GetRequiredService<IClusterClient>().GetGrain<IToolRegistryGrain>(id).GetToolsAsync(-1))!;
        Assert.Equal(version, tools.Version);
        var rule = Assert.Single(tools.Access);
        Assert.Equal(["createItem"], rule.Tools);
        Assert.Equal(["items:write"], rule.Scopes);
        Assert.Equal(["editor"], rule.Roles);
        Assert.False(ToolAccess.Allows(tools.Access, new ToolCaller { Subject = "alice" }, "items", "createItem"));
    }
}
