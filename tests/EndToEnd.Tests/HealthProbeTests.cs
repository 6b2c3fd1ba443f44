using System.Net;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;
using Xunit.Abstractions;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>
/// The probes Kubernetes is pointed at, against real processes: readiness follows the database and the cluster,
/// liveness never does (an outage elsewhere must not restart pods), startup answers once the host has started.
/// </summary>
public sealed class HealthProbeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Noticed = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Recovered = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Silo_readiness_fails_while_postgresql_is_down_and_returns_with_it_while_liveness_stays_up()
    {
        if (!PostgresServer.CanStartPrivate)
        {
            return; // MCP_TEST_POSTGRES: the server is not ours to stop.
        }

        // A server of this test's own: stopping the shared one would fail the tests running beside it.
        await using var server = await PostgresServer.StartPrivateAsync();
        var postgres = await server.CreateDatabaseAsync("e2e_health_db");
        await using var platform = new PlatformProcesses();
        await platform.RunAsync(async () =>
        {
            var (silo, siloUrl) = platform.StartSilo("silo-1", postgres);
            await silo.WaitForHttpAsync(siloUrl + HealthProbe.Ready, TimeSpan.FromSeconds(90));
            using var probe = new HealthProbe(siloUrl);

            var ready = await probe.GetAsync(HealthProbe.Ready);
            Assert.Equal(HttpStatusCode.OK, ready.Status);
            Assert.Equal("Healthy", ready.Checks["database"]);
            Assert.Equal("Healthy", ready.Checks["silo"]);
            Assert.Equal("Healthy", ready.Checks["stopping"]);
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(HealthProbe.Startup)).Status);
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(HealthProbe.Live)).Status);

            await server.StopAsync();
            var down = await probe.WaitForAsync(HealthProbe.Ready, HttpStatusCode.ServiceUnavailable, Noticed);
            Assert.Equal("Unhealthy", down.Checks["database"]);
            Assert.Equal("Healthy", down.Checks["silo"]);
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(HealthProbe.Live)).Status);
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(HealthProbe.Startup)).Status);

            await server.StartAsync();
            var up = await probe.WaitForAsync(HealthProbe.Ready, HttpStatusCode.OK, Recovered);
            Assert.Equal("Healthy", up.Checks["database"]);
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(HealthProbe.Live)).Status);
            Assert.False(silo.HasExited);
        });
    }

    [Fact]
    public async Task Frontend_started_before_any_silo_waits_for_one_and_is_ready_only_while_a_silo_runs()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_health_cluster");
        await using var platform = new PlatformProcesses();
        await platform.RunAsync(async () =>
        {
            // Pods start in any order: a frontend with no silo to talk to waits, neither started nor ready.
            var (frontend, frontendUrl) = platform.StartClusterFrontend("frontend-1", postgres);
            await frontend.WaitForOutputAsync(line => line.Contains("Cluster not reachable yet", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            using var probe = new HealthProbe(frontendUrl);
            var startup = await StatusOrNoneAsync(probe, HealthProbe.Startup);
            Assert.NotEqual(HttpStatusCode.OK, startup);
            Assert.NotEqual(HttpStatusCode.OK, await StatusOrNoneAsync(probe, HealthProbe.Ready));
            output.WriteLine($"no silo yet: startup probe {(startup is { } status ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : "not listening")}");

            var first = await platform.StartSiloAsync("silo-1", postgres);
            await probe.WaitForAsync(HealthProbe.Startup, HttpStatusCode.OK, Recovered);
            var ready = await probe.WaitForAsync(HealthProbe.Ready, HttpStatusCode.OK, Noticed);
            Assert.Equal("Healthy", ready.Checks["cluster"]);
            Assert.Equal("Healthy", ready.Checks["database"]);

            // The only silo leaves: the frontend stays up and alive, but must not be sent agents.
            await first.StopAsync(TimeSpan.FromSeconds(60));
            var alone = await probe.WaitForAsync(HealthProbe.Ready, HttpStatusCode.ServiceUnavailable, Noticed);
            Assert.Equal("Unhealthy", alone.Checks["cluster"]);
            Assert.Equal("Healthy", alone.Checks["database"]);
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(HealthProbe.Live)).Status);

            await platform.StartSiloAsync("silo-2", postgres);
            var joined = await probe.WaitForAsync(HealthProbe.Ready, HttpStatusCode.OK, Recovered);
            Assert.Equal("Healthy", joined.Checks["cluster"]);
            Assert.False(frontend.HasExited);
        });
    }

    /// <summary>The status, or null while nothing listens.</summary>
    private static async Task<HttpStatusCode?> StatusOrNoneAsync(HealthProbe probe, string path)
    {
        try
        {
            return (await probe.GetAsync(path)).Status;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
