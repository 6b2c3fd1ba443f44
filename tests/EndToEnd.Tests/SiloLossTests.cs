using System.Diagnostics;
using System.Net;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;
using Xunit.Abstractions;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>
/// A silo killed mid-call (kill -9, a node lost): nothing will ever answer the call, and Orleans would let the
/// frontend wait out the 6-minute response timeout. The agent must instead learn to retry soon after the silo is
/// declared dead.
/// </summary>
public sealed class SiloLossTests(ITestOutputHelper output)
{
    // Far longer than failure detection takes, so an answer before it cannot have come from the API.
    private static readonly TimeSpan UpstreamDelay = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_call_in_flight_on_a_killed_silo_gets_a_retriable_error_long_before_its_api_would_have_answered()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_silo_loss");
        await using var platform = new PlatformProcesses();
        await using var upstream = new SlowUpstream(UpstreamDelay);
        await platform.RunAsync(async () =>
        {
            // silo-1 alone at first, so the tenant's registry is placed there and stays there.
            var doomed = await platform.StartSiloAsync("silo-1", postgres);
            var (_, setupUrl) = await platform.StartClusterFrontendAsync("frontend-setup", postgres);
            var (agentKey, adminKey) = await CrmScenario.CreateTenantAndKeysAsync(setupUrl);
            using (var admin = new AdminClient(setupUrl, adminKey))
            using (var registered = await admin.SendAsync(HttpMethod.Put, $"/admin/v1/tenants/{CrmScenario.Tenant}/apis/slow",
                new { openApi = upstream.Document, timeoutSeconds = 120 }))
            {
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            }

            await platform.StartSiloAsync("silo-2", postgres);
            // A frontend that knows both silos as gateways, as every frontend does once its gateway list is refreshed.
            var (_, url) = await platform.StartClusterFrontendAsync("frontend-1", postgres);
            using var session = await RawMcpSession.StartAsync(url, CrmScenario.Tenant, agentKey);
            var call = session.CallToolAsync(url, "lost-1", "slowAnswer", new { });
            await Eventually.SucceedsAsync(() => Task.FromResult(upstream.Received == 1 ? true : throw new Xunit.Sdk.XunitException("the call has not reached the upstream")), TimeSpan.FromSeconds(20));

            var killed = Stopwatch.StartNew();
            doomed.Kill();
            var result = await call.WaitAsync(UpstreamDelay - TimeSpan.FromSeconds(20));
            output.WriteLine($"answered {killed.Elapsed.TotalSeconds:F1} s after the kill: {result}");

            Assert.True(result.GetProperty("isError").GetBoolean(), result.ToString());
            var text = result.GetProperty("content")[0].GetProperty("text").GetString()!;
            Assert.Contains("went away", text, StringComparison.Ordinal);
            Assert.Contains("Retry", text, StringComparison.Ordinal);
        });
    }
}
