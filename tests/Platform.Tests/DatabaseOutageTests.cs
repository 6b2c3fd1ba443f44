using System.Net;
using McpPlatform.Platform.Tests.Infrastructure;
using McpPlatform.TestCommon;
using Npgsql;

namespace McpPlatform.Platform.Tests;

/// <summary>The admin API's reads of the database while PostgreSQL is down, and right after it restarted.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task The_audit_log_answers_503_with_retry_after_while_PostgreSQL_is_down_and_200_after_its_restart()
    {
        if (!PostgresServer.CanStartPrivate)
        {
            return; // MCP_TEST_POSTGRES names a server the tests may not stop.
        }

        await using var server = await PostgresServer.StartPrivateAsync();
        // Pooled, as deployed: the restart leaves every pooled connection broken.
        var postgres = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync("outage")) { Pooling = true }.ConnectionString;
        await using var platform = new PlatformFactory(new Dictionary<string, string?>
        {
            ["Platform:Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = postgres,
        });
        using var admin = new AdminApiClient(platform.CreateClient(), PlatformFactory.OperatorKey);
        await admin.CreateTenantAsync("outage");
        const string calls = "/admin/v1/tenants/outage/calls";
        (await admin.GetAsync(calls)).Expect(HttpStatusCode.OK);

        await server.StopAsync();
        var down = await admin.GetAsync(calls);
        down.ExpectProblem(HttpStatusCode.ServiceUnavailable, "Retry after");
        Assert.Equal(TimeSpan.FromSeconds(2), down.Headers.RetryAfter?.Delta);

        await server.StartAsync();
        (await admin.GetAsync(calls)).Expect(HttpStatusCode.OK);
    }
}
