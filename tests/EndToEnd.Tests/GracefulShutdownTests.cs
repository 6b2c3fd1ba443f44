using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;
using Npgsql;
using Xunit.Abstractions;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>
/// Pods are stopped with SIGTERM (rolling upgrades, scale-in, node drains): a frontend drains before it exits, a
/// silo leaves the cluster cleanly, and agents see no failed call either way.
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    // Long enough for a loaded test machine to probe and send a request inside the delay; the upstream answers after it.
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan UpstreamDelay = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Frontend_receiving_sigterm_mid_call_answers_the_call_and_takes_no_new_work()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_frontend_drain");
        await using var platform = new PlatformProcesses();
        await using var upstream = new SlowUpstream(UpstreamDelay);
        await platform.RunAsync(async () =>
        {
            await platform.StartSiloAsync("silo-1", postgres);
            var (frontend, url) = await platform.StartClusterFrontendAsync("frontend-1", postgres, new Dictionary<string, string?>
            {
                ["Platform__Shutdown__DrainDelay"] = DrainDelay.ToString("c", CultureInfo.InvariantCulture),
            });
            var (agentKey, adminKey) = await CrmScenario.CreateTenantAndKeysAsync(url);
            using (var admin = new AdminClient(url, adminKey))
            using (var registered = await admin.SendAsync(HttpMethod.Put, $"/admin/v1/tenants/{CrmScenario.Tenant}/apis/slow",
                new { openApi = upstream.Document, timeoutSeconds = 60 }))
            {
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            }

            using var session = await RawMcpSession.StartAsync(url, CrmScenario.Tenant, agentKey);
            using var stream = await session.OpenStreamAsync(url);
            var call = session.CallToolAsync(url, "slow-1", "slowAnswer", new { });
            await Eventually.SucceedsAsync(() => Task.FromResult(upstream.Received == 1 ? true : throw new Xunit.Sdk.XunitException("the call has not reached the upstream")), TimeSpan.FromSeconds(20));

            var sigterm = Stopwatch.StartNew();
            var streamClosed = ReadToEndAsync(stream, sigterm);
            await frontend.TerminateAsync();
            using var probe = new HealthProbe(url);
            var draining = await probe.WaitForAsync(HealthProbe.Ready, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(4));
            var unready = sigterm.Elapsed;
            Assert.Equal("Unhealthy", draining.Checks["stopping"]);
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(HealthProbe.Live)).Status);

            // Within the drain delay the frontend still serves (the balancer may not have caught up yet)...
            using (var late = await session.PostAsync(url, """{"jsonrpc":"2.0","id":"list-1","method":"tools/list"}"""))
            {
                Assert.True(sigterm.Elapsed < DrainDelay, $"the drain-delay request was sent {sigterm.Elapsed.TotalMilliseconds:F0} ms after SIGTERM");
                Assert.Equal(HttpStatusCode.OK, late.StatusCode);
                Assert.Equal("close", late.Headers.Connection.SingleOrDefault());
            }

            // ...after it, it takes no new request, while the call in flight goes on.
            var afterDrainDelay = DrainDelay + TimeSpan.FromSeconds(1) - sigterm.Elapsed;
            await Task.Delay(afterDrainDelay > TimeSpan.Zero ? afterDrainDelay : TimeSpan.Zero);
            Assert.False(call.IsCompleted, "the slow call finished before the drain delay ended");
            using (var fresh = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
            {
                var refused = await Record.ExceptionAsync(async () =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, CrmScenario.McpUrl(url))
                    {
                        Content = new StringContent("""{"jsonrpc":"2.0","id":"new-1","method":"tools/call","params":{"name":"slowAnswer","arguments":{}}}""", Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Authorization = new("Bearer", agentKey);
                    request.Headers.Accept.ParseAdd("application/json, text/event-stream");
                    using var response = await fresh.SendAsync(request);
                    Assert.Fail($"a request after the drain delay was served: {(int)response.StatusCode}");
                });
                Assert.IsType<HttpRequestException>(refused);
            }

            Assert.False(streamClosed.IsCompleted, "the GET stream closed before the call in flight answered");
            var result = await call;
            var answered = sigterm.Elapsed;
            Assert.False(result.TryGetProperty("isError", out var isError) && isError.GetBoolean(), result.ToString());
            Assert.True(result.GetProperty("structuredContent").GetProperty("done").GetBoolean());
            Assert.True(sigterm.Elapsed >= UpstreamDelay - TimeSpan.FromSeconds(2), "the call was answered before the upstream answered");
            Assert.Equal(1, upstream.Received);

            // The session's GET stream closes once the call has answered (its client resumes on another frontend).
            var closedAt = await streamClosed.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(closedAt >= answered - TimeSpan.FromMilliseconds(500), $"the GET stream closed at {closedAt.TotalMilliseconds:F0} ms, the call answered at {answered.TotalMilliseconds:F0} ms");
            Assert.Equal(0, await frontend.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            output.WriteLine($"after SIGTERM: readiness 503 at {unready.TotalMilliseconds:F0} ms, the call in flight answered at {answered.TotalMilliseconds:F0} ms, " +
                $"the GET stream closed at {closedAt.TotalMilliseconds:F0} ms, exit at {sigterm.Elapsed.TotalMilliseconds:F0} ms");
            Assert.Contains(frontend.Output.Split('\n'), line => line.Contains("Tool calls in flight finished", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Frontend_drain_gives_up_on_a_call_that_outlasts_the_in_flight_timeout_and_exits_in_bounded_time()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_frontend_drain_timeout");
        await using var platform = new PlatformProcesses();
        await using var upstream = new HangingUpstream();
        await platform.RunAsync(async () =>
        {
            await platform.StartSiloAsync("silo-1", postgres);
            var (frontend, url) = await platform.StartClusterFrontendAsync("frontend-1", postgres, new Dictionary<string, string?>
            {
                ["Platform__Shutdown__DrainDelay"] = "00:00:00",
                ["Platform__Shutdown__InFlightTimeout"] = "00:00:02",
            });
            var (agentKey, adminKey) = await CrmScenario.CreateTenantAndKeysAsync(url);
            using (var admin = new AdminClient(url, adminKey))
            using (var registered = await admin.SendAsync(HttpMethod.Put, $"/admin/v1/tenants/{CrmScenario.Tenant}/apis/hanging",
                new { openApi = upstream.Document, timeoutSeconds = 120 }))
            {
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            }

            using var session = await RawMcpSession.StartAsync(url, CrmScenario.Tenant, agentKey);
            var call = session.PostAsync(url, """{"jsonrpc":"2.0","id":"hang-1","method":"tools/call","params":{"name":"waitForever","arguments":{}}}""");
            await Eventually.SucceedsAsync(() => Task.FromResult(upstream.Received == 1 ? true : throw new Xunit.Sdk.XunitException("the call has not reached the upstream")), TimeSpan.FromSeconds(20));

            var sigterm = Stopwatch.StartNew();
            await frontend.TerminateAsync();
            Assert.Equal(0, await frontend.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            output.WriteLine($"a hanging call, 2 s in-flight timeout: exit {sigterm.Elapsed.TotalMilliseconds:F0} ms after SIGTERM");
            Assert.Contains(frontend.Output.Split('\n'), line => line.Contains("Aborted 1 tool calls", StringComparison.Ordinal));
            await Eventually.SucceedsAsync(() => Task.FromResult(upstream.Abandoned == 1 ? true : throw new Xunit.Sdk.XunitException("the upstream call is still open")), TimeSpan.FromSeconds(10));
            _ = call; // aborted: no answer to wait for
        });
    }

    [Fact]
    public async Task Silo_receiving_sigterm_under_steady_calls_leaves_as_dead_and_no_call_fails()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_silo_leave");
        await using var platform = new PlatformProcesses();
        await platform.RunAsync(async () =>
        {
            var leavingPort = FreePort.Next();
            var leaving = await platform.StartSiloAsync("silo-leaving", postgres, new Dictionary<string, string?>
            {
                ["Platform__Cluster__SiloPort"] = leavingPort.ToString(CultureInfo.InvariantCulture),
            });
            await platform.StartSiloAsync("silo-staying", postgres);
            var (_, frontend1) = await platform.StartClusterFrontendAsync("frontend-1", postgres);
            var (_, frontend2) = await platform.StartClusterFrontendAsync("frontend-2", postgres);
            var crm = await platform.StartCrmApiAsync();
            var (agentKey, adminKey) = await CrmScenario.CreateTenantAndKeysAsync(frontend1);
            await CrmScenario.RegisterCrmAsync(frontend2, adminKey, crm);

            // Enough sessions (each a grain) that some live on the leaving silo, whatever the placement.
            var load = new SteadyCalls([frontend1, frontend2], agentKey, agents: 6);
            var running = load.RunAsync();
            await load.WaitForCallsAsync(40, TimeSpan.FromSeconds(30));

            var stopping = Stopwatch.StartNew();
            await leaving.TerminateAsync();
            var exitCode = await leaving.WaitForExitAsync(TimeSpan.FromSeconds(60));
            var left = stopping.Elapsed;
            var before = load.Succeeded;
            await load.WaitForCallsAsync(before + 40, TimeSpan.FromSeconds(30));
            var report = await load.StopAsync(running);

            output.WriteLine($"silo left {left.TotalSeconds:F1} s after SIGTERM (exit code {exitCode}); {report}");
            Assert.Equal(0, exitCode);
            Assert.True(report.Failed == 0, $"{report}; left after {left.TotalSeconds:F1} s");
            Assert.Equal(SiloStatusDead, await MembershipStatusAsync(postgres, leavingPort));
        });
    }

    /// <summary>Reads a stream until the server ends it; returns when that was.</summary>
    private static async Task<TimeSpan> ReadToEndAsync(HttpResponseMessage stream, Stopwatch clock)
    {
        try
        {
            await using var body = await stream.Content.ReadAsStreamAsync();
            await body.CopyToAsync(Stream.Null);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // Ended without a clean close: still ended.
        }

        return clock.Elapsed;
    }

    /// <summary>Orleans' <c>SiloStatus.Dead</c>, as the membership table stores it.</summary>
    private const int SiloStatusDead = 6;

    private static async Task<int> MembershipStatusAsync(string postgres, int siloPort)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM mcp.membership_silo WHERE silo_address LIKE $1", connection)
        {
            Parameters = { new() { Value = $"%:{siloPort}@%" } },
        };
        return Assert.IsType<int>(await command.ExecuteScalarAsync());
    }
}
