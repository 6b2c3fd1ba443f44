using System.Net;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;
using Npgsql;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>
/// Upstream credentials and the network guard on the real architecture: silos as separate processes on PostgreSQL,
/// each holding the encryption key from its configuration.
/// </summary>
public sealed class UpstreamCredentialsClusterTests
{
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_silo_without_an_encryption_key_stops_at_start_up_naming_the_setting()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_no_key");
        await using var platform = new PlatformProcesses();
        var (silo, _) = platform.StartSilo("silo-no-key", postgres, new Dictionary<string, string?> { ["Platform__Secrets__EncryptionKey"] = null });
        await Eventually.SucceedsAsync(() => Task.FromResult(silo.HasExited && silo.Output.Contains("Platform:Secrets:EncryptionKey is not set", StringComparison.Ordinal)
            ? true
            : throw new Xunit.Sdk.XunitException($"still running, or no message yet:\n{silo.Output}")), TimeSpan.FromSeconds(90));
        Assert.Contains("Platform__Secrets__EncryptionKey", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_stay_sealed_in_postgres_and_open_on_whichever_silo_holds_the_registry()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_credentials");
        await using var platform = new PlatformProcesses();
        await using var upstream = new AuthRecordingUpstream();
        const string token = "e2e-upstream-token-7f3a";
        try
        {
            // A silo with the cluster default: tenants' URLs may not reach private networks, this machine included.
            var guarded = await platform.StartSiloAsync("silo-guarded", postgres, new Dictionary<string, string?> { ["Platform__Upstreams__AllowPrivateNetworks"] = null });
            var (_, frontend1) = await platform.StartClusterFrontendAsync("frontend-1", postgres);
            var (_, frontend2) = await platform.StartClusterFrontendAsync("frontend-2", postgres);
            var (agentKey, adminKey) = await CrmScenario.CreateTenantAndKeysAsync(frontend1);
            using (var admin = new AdminClient(frontend1, adminKey))
            using (var refused = await admin.SendAsync(HttpMethod.Put, $"/admin/v1/tenants/{CrmScenario.Tenant}/apis/who", new { openApi = upstream.Document }))
            {
                Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
                Assert.Contains("127.0.0.1 is a loopback address", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // Silos that may reach this machine take over; the secret is registered through frontend 2.
            var first = await platform.StartSiloAsync("silo-1", postgres);
            await guarded.StopAsync(TimeSpan.FromSeconds(60));
            await Eventually.SucceedsAsync(async () =>
            {
                using var admin = new AdminClient(frontend2, adminKey);
                using var registered = await admin.SendAsync(HttpMethod.Put, $"/admin/v1/tenants/{CrmScenario.Tenant}/apis/who",
                    new { openApi = upstream.Document, auth = new { type = "bearer", token } });
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
                return true;
            }, FailoverTimeout);

            // Frontend 1 may still be learning that the guarded silo left.
            await Eventually.SucceedsAsync(() => CallWhoAmIAsync(frontend1, agentKey), FailoverTimeout);
            Assert.Equal("Bearer " + token, Assert.Single(upstream.Authorizations));

            var stored = await RegistryPayloadAsync(postgres);
            Assert.DoesNotContain(token, stored, StringComparison.Ordinal);
            Assert.Matches("\"sealedSecret\": ?\"s1\\.1\\.", stored);

            // kill -9 the silo holding the registry: a new silo with the same key re-activates it and opens the secret.
            await platform.StartSiloAsync("silo-2", postgres);
            first.Kill();
            await Eventually.SucceedsAsync(() => CallWhoAmIAsync(frontend2, agentKey), FailoverTimeout);
            Assert.All(upstream.Authorizations, a => Assert.Equal("Bearer " + token, a));
            Assert.True(upstream.Authorizations.Count >= 2);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"{e}\n\nProcess output:\n{platform.Diagnostics}");
        }
    }

    private static async Task<bool> CallWhoAmIAsync(string frontend, string agentKey)
    {
        using var session = await RawMcpSession.StartAsync(frontend, CrmScenario.Tenant, agentKey);
        using var response = await session.PostAsync(frontend, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoAmI","arguments":{}}}""");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode && body.Contains("\"ok\":true", StringComparison.Ordinal) && !body.Contains("\"isError\":true", StringComparison.Ordinal),
            $"whoAmI through {frontend}: {(int)response.StatusCode} {body}");
        return true;
    }

    private static async Task<string> RegistryPayloadAsync(string postgres)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT payload::text FROM mcp.grain_state WHERE state_name = 'tool-registry'", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
