using System.Net;
using McpPlatform.Platform.Tests.Infrastructure;
using McpPlatform.TestCommon;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using Npgsql;
using Orleans;
using Orleans.Runtime;

namespace McpPlatform.Platform.Tests;

/// <summary>Requests that need the database while PostgreSQL is down, and right after it restarted.</summary>
public sealed class DatabaseOutageTests
{
    private const string Tenant = "outage";

    [Fact]
    public async Task The_audit_log_answers_503_with_retry_after_while_PostgreSQL_is_down_and_200_after_its_restart()
    {
        if (!PostgresServer.CanStartPrivate)
        {
            return; // MCP_TEST_POSTGRES names a server the tests may not stop.
        }

        await using var server = await PostgresServer.StartPrivateAsync();
        await using var platform = await StartPlatformAsync(server);
        using var admin = new AdminApiClient(platform.CreateClient(), PlatformFactory.OperatorKey);
        await admin.CreateTenantAsync(Tenant);
        const string calls = $"/admin/v1/tenants/{Tenant}/calls";
        (await admin.GetAsync(calls)).Expect(HttpStatusCode.OK);

        await server.StopAsync();
        var down = await admin.GetAsync(calls);
        down.ExpectProblem(HttpStatusCode.ServiceUnavailable, "Retry after");
        Assert.Equal(TimeSpan.FromSeconds(2), down.Headers.RetryAfter?.Delta);

        await server.StartAsync();
        (await admin.GetAsync(calls)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_new_MCP_session_answers_503_while_PostgreSQL_is_down_and_opens_right_after_its_restart()
    {
        if (!PostgresServer.CanStartPrivate)
        {
            return;
        }

        await using var server = await PostgresServer.StartPrivateAsync();
        await using var platform = await StartPlatformAsync(server);
        using var admin = new AdminApiClient(platform.CreateClient(), PlatformFactory.OperatorKey);
        await admin.CreateTenantAsync(Tenant);
        var key = await admin.CreateKeyAsync(Tenant, "agent", "agent");
        var http = platform.CreateClient();
        // Several sessions at once, so the pool holds several connections that the restart breaks.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RawMcp.StartSessionAsync(http, Tenant, key)));

        await server.StopAsync();
        var (status, _, _) = await RawMcp.SendAsync(http, HttpMethod.Post, Tenant, key, RawMcp.Initialize);
        Assert.Equal(503, status);

        await server.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            await RawMcp.StartSessionAsync(http, Tenant, key);
        }
    }

    [Fact]
    public async Task A_tool_call_whose_grains_must_be_loaded_while_PostgreSQL_is_down_gets_a_retriable_error_and_succeeds_after_its_restart()
    {
        if (!PostgresServer.CanStartPrivate)
        {
            return;
        }

        await using var server = await PostgresServer.StartPrivateAsync();
        await using var platform = await StartPlatformAsync(server);
        await using var upstream = new TestUpstream();
        await upstream.StartAsync();
        using var admin = new AdminApiClient(platform.CreateClient(), PlatformFactory.OperatorKey);
        await admin.CreateTenantAsync(Tenant);
        var key = await admin.CreateKeyAsync(Tenant, "agent", "agent");
        (await admin.PutApiAsync(Tenant, "items", new { openApiUrl = upstream.BaseUrl + "/openapi.json" })).Expect(HttpStatusCode.Created);
        await using var client = await McpClients.ConnectAsync(platform, Tenant, key);
        var item = new Dictionary<string, object?> { ["id"] = "1" };
        Assert.NotEqual(true, (await client.CallToolAsync("getItem", item)).IsError);

        // As after a silo loss, the tenant's tool registry leaves memory and must be read from the database again; its
        // tenant grain (which checks the key) was just used and stays, so the call itself meets the outage.
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await admin.GetAsync($"/admin/v1/tenants/{Tenant}")).Expect(HttpStatusCode.OK);
        await platform.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.FromSeconds(1));
        await server.StopAsync();
        var failed = await client.CallToolAsync("getItem", item);

        Assert.True(failed.IsError);
        var message = Assert.IsType<TextContentBlock>(Assert.Single(failed.Content)).Text;
        Assert.Contains("Retry", message, StringComparison.Ordinal);
        Assert.Contains("Idempotency-Key", message, StringComparison.Ordinal);

        await server.StartAsync();
        Assert.NotEqual(true, (await client.CallToolAsync("getItem", item)).IsError);
    }

    /// <summary>The platform on the server's own database, pooled as deployed: a restart breaks every pooled connection.</summary>
    private static async Task<PlatformFactory> StartPlatformAsync(PostgresServer server)
    {
        var postgres = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync(Tenant)) { Pooling = true }.ConnectionString;
        return new PlatformFactory(new Dictionary<string, string?>
        {
            ["Platform:Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = postgres,
        });
    }
}
