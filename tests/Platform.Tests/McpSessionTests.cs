using McpPlatform.Platform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Platform.Tests;

/// <summary>Sessions belong to one tenant and one key, and end for good.</summary>
[Collection(PlatformCollection.Name)]
public sealed class McpSessionTests(PlatformFixture fixture)
{
    private const string ListTools = """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""";

    [Fact]
    public async Task A_session_id_is_useless_on_another_tenants_url_or_with_another_key()
    {
        var a = await fixture.CreateTenantAsync("a");
        var b = await fixture.CreateTenantAsync("b");
        using var http = fixture.Platform.CreateClient();
        var session = await RawMcp.StartSessionAsync(http, a.Id, a.AgentKey);
        Assert.Equal(200, (await RawMcp.SendAsync(http, HttpMethod.Post, a.Id, a.AgentKey, ListTools, session)).Status);

        var otherTenant = await RawMcp.SendAsync(http, HttpMethod.Post, b.Id, b.AgentKey, ListTools, session);
        Assert.Equal(404, otherTenant.Status);
        Assert.Equal(-32001, otherTenant.Message!.Value.GetProperty("error").GetProperty("code").GetInt32());

        var otherKey = await RawMcp.SendAsync(http, HttpMethod.Post, a.Id, a.AdminKey, ListTools, session);
        Assert.Equal(404, otherKey.Status);

        // The rightful owner is unaffected.
        Assert.Equal(200, (await RawMcp.SendAsync(http, HttpMethod.Post, a.Id, a.AgentKey, ListTools, session)).Status);
    }

    [Fact]
    public async Task A_deleted_session_is_gone()
    {
        var a = await fixture.CreateTenantAsync("a");
        using var http = fixture.Platform.CreateClient();
        var session = await RawMcp.StartSessionAsync(http, a.Id, a.AgentKey);
        var deleted = await RawMcp.SendAsync(http, HttpMethod.Delete, a.Id, a.AgentKey, null, session);
        Assert.InRange(deleted.Status, 200, 204);

        Assert.Equal(404, (await RawMcp.SendAsync(http, HttpMethod.Post, a.Id, a.AgentKey, ListTools, session)).Status);
        Assert.Equal(404, (await RawMcp.SendAsync(http, HttpMethod.Delete, a.Id, a.AgentKey, null, session)).Status);
    }

    [Fact]
    public async Task The_log_level_is_kept_with_the_session_in_the_cluster()
    {
        var a = await fixture.CreateTenantAsync("a");
        using var http = fixture.Platform.CreateClient();
        var session = await RawMcp.StartSessionAsync(http, a.Id, a.AgentKey);
        var set = await RawMcp.SendAsync(http, HttpMethod.Post, a.Id, a.AgentKey, """{"jsonrpc":"2.0","id":5,"method":"logging/setLevel","params":{"level":"warning"}}""", session);
        Assert.Equal(200, set.Status);
        Assert.True(set.Message!.Value.TryGetProperty("result", out _), set.Message.Value.ToString());

        var cluster = fixture.Platform.Services.GetRequiredService<IClusterClient>();
        var principal = $"{a.Id}/{a.AgentKey.Split('.')[2]}";
        var snapshot = await cluster.GetGrain<McpPlatform.Contracts.Sessions.IMcpSessionGrain>(session).ValidateAsync(a.Id, principal);
        Assert.Equal("warning", snapshot!.LogLevel);
    }

    [Fact]
    public async Task Unknown_session_ids_are_404()
    {
        var a = await fixture.CreateTenantAsync("a");
        using var http = fixture.Platform.CreateClient();
        Assert.Equal(404, (await RawMcp.SendAsync(http, HttpMethod.Post, a.Id, a.AgentKey, ListTools, "no-such-session")).Status);
    }

    [Fact]
    public async Task Sessionless_2026_clients_need_no_session()
    {
        var a = await fixture.CreateTenantAsync("a");
        (await fixture.Admin(a.AdminKey).PutApiAsync(a.Id, "items", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json" })).Expect(System.Net.HttpStatusCode.Created);
        using var http = fixture.Platform.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/t/{a.Id}/mcp")
        {
            Content = new StringContent("""
                {"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"_meta":{
                  "io.modelcontextprotocol/protocolVersion":"2026-07-28",
                  "io.modelcontextprotocol/clientCapabilities":{},
                  "io.modelcontextprotocol/clientInfo":{"name":"modern","version":"1"}}}}
                """, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", "tools/list");
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Authorization = new("Bearer", a.AgentKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        Assert.Contains("getItem", body);
    }
}
