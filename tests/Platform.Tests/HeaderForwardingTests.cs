using System.Net;
using McpPlatform.Platform.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace McpPlatform.Platform.Tests;

/// <summary>Headers of the agent's MCP request reach the API only when the API lists them, and the platform key never does.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HeaderForwardingTests(PlatformFixture fixture)
{
    private async Task<TestTenant> RegisterAsync(params string[] forwardHeaders)
    {
        var tenant = await fixture.CreateTenantAsync();
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "api", new
        {
            openApi = UpstreamCallsDocument.Json(fixture.Upstream.BaseUrl),
            forwardHeaders,
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);
        return tenant;
    }

    /// <summary>The official client, sending <paramref name="headers"/> with every request.</summary>
    private async Task<McpClient> ConnectAsync(TestTenant tenant, Dictionary<string, string> headers, string? protocolVersion = null)
    {
        var http = fixture.Platform.CreateClient();
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, $"/t/{tenant.Id}/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        }, http, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion });
    }

    private RecordedRequest LastCall(TestTenant tenant) => fixture.Upstream.RequestsFor(tenant.Id).Last(r => r.Path.StartsWith("/items/", StringComparison.Ordinal));

    [Theory]
    [InlineData(null)]
    [InlineData("2025-06-18")]
    public async Task Listed_headers_of_each_request_reach_the_api_and_others_do_not(string? protocolVersion)
    {
        var tenant = await RegisterAsync("X-User", "x-request-id");
        var headers = new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer " + tenant.AgentKey,
            ["X-User"] = "alice",
            ["X-Request-Id"] = "r-1",
            ["X-Unlisted"] = "secret-ish",
        };
        await using (var client = await ConnectAsync(tenant, headers, protocolVersion))
        {
            Assert.NotEqual(true, (await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "1" })).IsError);
        }

        var received = LastCall(tenant);
        Assert.Equal("alice", received.Headers["X-User"]);
        Assert.Equal("r-1", received.Headers["X-Request-Id"]);
        Assert.False(received.Headers.ContainsKey("X-Unlisted"));
        Assert.False(received.Headers.ContainsKey("Authorization"));
        Assert.False(received.Headers.ContainsKey("Mcp-Session-Id"));

        // Each call carries its own request's headers, in the same session too.
        headers["X-User"] = "bob";
        await using (var client = await ConnectAsync(tenant, headers, protocolVersion))
        {
            await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "2" });
        }

        Assert.Equal("bob", LastCall(tenant).Headers["X-User"]);
    }

    [Fact]
    public async Task Authorization_is_passed_on_only_when_the_platform_key_came_in_its_own_header()
    {
        var tenant = await RegisterAsync("Authorization");

        // The agent's Authorization is its platform key: it must not leave the platform.
        await using (var client = await ConnectAsync(tenant, new() { ["Authorization"] = "Bearer " + tenant.AgentKey }))
        {
            Assert.NotEqual(true, (await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "own-key" })).IsError);
        }

        Assert.False(LastCall(tenant).Headers.ContainsKey("Authorization"));

        // With the key in X-Platform-Key, Authorization carries the agent's token for the API, and that is passed on.
        await using (var client = await ConnectAsync(tenant, new() { ["X-Platform-Key"] = tenant.AgentKey, ["Authorization"] = "Bearer user-token-for-the-api" }))
        {
            Assert.NotEqual(true, (await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "user-token" })).IsError);
        }

        var received = LastCall(tenant);
        Assert.Equal("Bearer user-token-for-the-api", received.Headers["Authorization"]);
        Assert.False(received.Headers.ContainsKey("X-Platform-Key"));
        Assert.DoesNotContain(fixture.Upstream.RequestsFor(tenant.Id), r => r.Headers.Values.Any(v => v.Contains(tenant.AgentKey, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_header_holding_a_platform_key_is_never_passed_on()
    {
        var tenant = await RegisterAsync("X-Forwarded-Token");
        await using (var client = await ConnectAsync(tenant, new() { ["Authorization"] = "Bearer " + tenant.AgentKey, ["X-Forwarded-Token"] = tenant.AdminKey }))
        {
            await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "1" });
        }

        Assert.False(LastCall(tenant).Headers.ContainsKey("X-Forwarded-Token"));
    }

    [Fact]
    public async Task A_header_added_to_the_list_is_forwarded_on_the_next_call()
    {
        var tenant = await RegisterAsync("X-User");
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + tenant.AgentKey, ["X-User"] = "alice", ["X-Team"] = "blue" };
        await using var client = await ConnectAsync(tenant, headers);
        await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "1" });
        Assert.False(LastCall(tenant).Headers.ContainsKey("X-Team"));

        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "api", new
        {
            openApi = UpstreamCallsDocument.Json(fixture.Upstream.BaseUrl),
            forwardHeaders = new[] { "X-User", "X-Team" },
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.OK);

        // Frontends hear of the change through the cluster's notification, a moment after the registration returns.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "2" });
        }
        while (!LastCall(tenant).Headers.ContainsKey("X-Team") && clock.Elapsed < TimeSpan.FromSeconds(5));

        Assert.Equal("blue", LastCall(tenant).Headers["X-Team"]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the new list applied after {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("Mcp-Session-Id")]
    [InlineData("X-Platform-Key")]
    [InlineData("traceparent")]
    [InlineData("Content-Length")]
    [InlineData("not a header")]
    public async Task Headers_that_belong_to_the_connection_or_the_platform_cannot_be_forwarded(string name)
    {
        var tenant = await fixture.CreateTenantAsync();
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "api", new { openApiUrl = "http://example.test/doc.json", forwardHeaders = new[] { name } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "forwardHeaders");
    }
}
