using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// An MCP session of one key of a tenant that has the orders API (<see cref="OrdersApi"/>) registered, calling tools
/// with raw JSON-RPC so each call's id, <c>Idempotency-Key</c> header and <c>_meta</c> are the test's to choose.
/// </summary>
public sealed class OrdersSession(HttpClient http, string tenant, string key, string sessionId) : IDisposable
{
    private int nextId = 100;

    public string SessionId => sessionId;

    /// <summary>Registers the orders API for <paramref name="tenant"/>; its requests carry the tenant id as marker.</summary>
    public static async Task RegisterAsync(PlatformFixture fixture, TestTenant tenant)
    {
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.PutApiAsync(tenant.Id, "orders", new
        {
            openApi = OrdersApi.Document(fixture.Upstream.BaseUrl),
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);
    }

    /// <summary>
    /// On a platform of the test's own: a new tenant with the orders API (or <paramref name="existing"/> again, after a
    /// restart), and a session of its agent key.
    /// </summary>
    public static async Task<(TestTenant Tenant, OrdersSession Session)> StartOnAsync(PlatformFactory platform, TestUpstream upstream, TestTenant? existing = null)
    {
        var tenant = existing;
        if (tenant is null)
        {
            var id = "own-" + Guid.NewGuid().ToString("N")[..8];
            using var admin = new AdminApiClient(platform.CreateClient(), PlatformFactory.OperatorKey);
            await admin.CreateTenantAsync(id);
            tenant = new TestTenant(id, await admin.CreateKeyAsync(id, "admin", "admin"), await admin.CreateKeyAsync(id, "agent", "agent"));
            using var tenantAdmin = new AdminApiClient(platform.CreateClient(), tenant.AdminKey);
            (await tenantAdmin.PutApiAsync(id, "orders", new
            {
                openApi = OrdersApi.Document(upstream.BaseUrl),
                headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = id },
            })).Expect(HttpStatusCode.Created);
        }

        return (tenant, await StartAsync(platform, tenant.Id, tenant.AgentKey));
    }

    public static async Task<OrdersSession> StartAsync(PlatformFactory platform, string tenant, string key)
    {
        var http = platform.CreateClient();
        return new OrdersSession(http, tenant, key, await RawMcp.StartSessionAsync(http, tenant, key));
    }

    /// <summary>Calls a tool; returns the <c>tools/call</c> result.</summary>
    /// <param name="requestId">The JSON-RPC id (default: a new one per call).</param>
    public async Task<JsonElement> CallAsync(string tool, object arguments, string? headerKey = null, string? metaKey = null, int? requestId = null)
    {
        var parameters = new JsonObject { ["name"] = tool, ["arguments"] = JsonSerializer.SerializeToNode(arguments) };
        if (metaKey is not null)
        {
            parameters["_meta"] = new JsonObject { ["idempotencyKey"] = metaKey };
        }

        var message = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = requestId ?? Interlocked.Increment(ref nextId),
            ["method"] = "tools/call",
            ["params"] = parameters,
        };
        var headers = headerKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = headerKey };
        var (status, answer, _) = await RawMcp.SendAsync(http, HttpMethod.Post, tenant, key, message.ToJsonString(), sessionId, headers: headers);
        Assert.True(status == 200, $"tools/call answered {status}");
        Assert.True(answer?.TryGetProperty("result", out _) == true, $"tools/call has no result: {answer}");
        return answer!.Value.GetProperty("result").Clone();
    }

    public void Dispose() => http.Dispose();
}

/// <summary>Reading a <c>tools/call</c> result.</summary>
public static class ToolResults
{
    public static bool IsError(this JsonElement result) => result.TryGetProperty("isError", out var flag) && flag.GetBoolean();

    public static string Text(this JsonElement result) => result.GetProperty("content")[0].GetProperty("text").GetString()!;

    /// <summary>The order number the API gave (each arrival gets a new one).</summary>
    public static int Order(this JsonElement result) => result.GetProperty("structuredContent").GetProperty("order").GetInt32();
}
