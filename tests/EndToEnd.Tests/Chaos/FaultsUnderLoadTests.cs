using System.Net;
using System.Text.Json.Nodes;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace McpPlatform.EndToEnd.Tests.Chaos;

/// <summary>
/// Three silos, three frontends, PostgreSQL and the sample CRM as separate processes, under steady load from agents
/// whose requests are spread over the frontends: one silo is killed (kill -9), then one frontend, then PostgreSQL is
/// restarted. Agents may see only errors a client recovers from by sending again, and nothing durable is lost.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class FaultsUnderLoadTests(ITestOutputHelper output)
{
    private const string Tenant = CrmScenario.Tenant;

    /// <summary>
    /// A repeat of a write whose silo died mid-call waits for the key's lease before running it again (with the same key
    /// upstream); production's 10 minutes would outlast the test.
    /// </summary>
    private static readonly Dictionary<string, string?> SiloSettings = new() { ["Platform__Idempotency__InProgressTimeout"] = "00:00:10" };

    /// <summary>
    /// The audit writer flushes every second; a killed silo loses what it had queued (plus the batch being written). On
    /// two busy cores a flush can lag, so the test allows more; the report gives what was really lost.
    /// </summary>
    private static readonly TimeSpan AuditLossWindow = TimeSpan.FromSeconds(5);

    private static LoadOperation Contact(string email, string key) =>
        LoadOperation.Call("createContact", new JsonObject { ["name"] = "Probe", ["email"] = email }, key);

    [Fact]
    public async Task Killing_a_silo_then_a_frontend_then_restarting_PostgreSQL_under_load_loses_nothing_and_agents_see_only_retriable_errors()
    {
        if (!TestCommon.PostgresServer.CanStartPrivate)
        {
            return; // MCP_TEST_POSTGRES names a server the tests may not restart.
        }

        await using var cluster = await ChaosCluster.StartAsync(silos: 3, frontends: 3, SiloSettings);
        await cluster.Platform.RunAsync(async () =>
        {
            var frontends = cluster.LiveFrontends;
            var pool = new FrontendPool(frontends);
            var ledger = new CallLedger();
            var verdicts = new Verdicts();
            var runId = Guid.NewGuid().ToString("N")[..8];

            // What must survive: the registration, a key unused until the end, a revocation, an idle session.
            var toolsBefore = await DurabilityChecks.ToolNamesAsync(frontends[0], cluster.AdminKey);
            using var operatorAdmin = new AdminClient(frontends[0], PlatformProcesses.OperatorKey);
            var spareKey = await operatorAdmin.CreateKeyAsync(Tenant, "spare", "agent");
            var revokedKey = await operatorAdmin.CreateKeyAsync(Tenant, "revoked", "agent");
            using (var revoked = await operatorAdmin.SendAsync(HttpMethod.Delete, $"/admin/v1/tenants/{Tenant}/keys/{revokedKey.Split('.')[2]}", null))
            {
                Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
            }

            var idle = new LoadAgent("idle", Tenant, cluster.AgentKey, stateful: true);
            await idle.InitializeAsync(frontends[0]);
            var probe = new LoadAgent("probe", Tenant, cluster.AgentKey, stateful: true);
            await probe.InitializeAsync(frontends[1]);

            // Four initialize-based sessions and two sessionless clients, started on different frontends.
            var agents = Enumerable.Range(1, 6).Select(i => new LoadAgent($"agent{i}", Tenant, cluster.AgentKey, stateful: i <= 4)).ToList();
            for (var i = 0; i < agents.Count; i++)
            {
                await agents[i].InitializeAsync(frontends[i % frontends.Count]);
            }

            var probes = new List<(LogicalCall Call, string Email)>();
            async Task WriteProbesAsync(string before)
            {
                for (var i = 0; i < 2; i++)
                {
                    var email = $"{before}-{i}-{runId}@chaos.test";
                    var call = await SteadyLoad.CallAsync(pool, ledger, probe, $"probe-{before}-{i}", Contact(email, $"{runId}-{before}-{i}"));
                    Assert.True(call.Succeeded, $"probe write before {before}: {call.Attempts[^1].Kind} {call.Attempts[^1].Detail}");
                    probes.Add((call, email));
                }
            }

            var load = new SteadyLoad(pool, ledger, agents, runId);
            load.Start();
            var quiet = TimeSpan.FromSeconds(5);
            await ledger.PhaseAsync("steady load", () => Task.CompletedTask, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3));

            await WriteProbesAsync("silo-kill");
            TimeSpan? siloKilledAt = null;
            await ledger.PhaseAsync("silo-1 killed (kill -9)", () =>
            {
                siloKilledAt = ledger.Now;
                cluster.Silos["silo-1"].Kill();
                return Task.CompletedTask;
            }, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(90), quiet);

            await WriteProbesAsync("frontend-kill");
            await ledger.PhaseAsync("frontend-1 killed (kill -9)", async () =>
            {
                var (process, url) = cluster.Frontends["frontend-1"];
                process.Kill();
                // Its endpoint leaves the Service once its readiness probe has failed a few times.
                await Task.Delay(TimeSpan.FromSeconds(5));
                pool.Remove(url);
            }, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), quiet);

            await WriteProbesAsync("postgres-restart");
            await ledger.PhaseAsync("PostgreSQL stopped 5 s, started again", async () =>
            {
                await cluster.Server.StopAsync();
                await Task.Delay(TimeSpan.FromSeconds(5));
                await cluster.Server.StartAsync();
            }, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(75), quiet);

            await ledger.PhaseAsync("after the faults", () => Task.CompletedTask, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.Zero);
            await load.StopAsync();
            ledger.EndPhases();

            var notRetriable = ledger.Attempts.Where(a => a.Kind != AttemptKind.Success && !a.Kind.IsRetriable()).ToList();
            verdicts.Add("agents saw only retriable errors", notRetriable.Count == 0,
                string.Join("; ", notRetriable.Take(5).Select(a => $"{a.Kind} on {a.Frontend} at {a.Ended.TotalSeconds:F1} s: {a.Detail}")));
            var lostCalls = ledger.Calls.Count(c => !c.Succeeded);
            verdicts.Add("every call succeeded in the end (sent again after retriable errors)", lostCalls == 0, $"{lostCalls} did not");

            var checks = new DurabilityChecks(cluster, ledger, verdicts);
            await checks.RegistrationsAsync(toolsBefore, agents[0]);
            await checks.KeysAsync(spareKey, revokedKey);
            await checks.SessionsAsync([.. agents, idle]);
            await checks.ReplaysAsync(pool, probe, probes, Contact);
            var tickets = await checks.TicketsAsync();
            var audit = await checks.AuditAsync(siloKilledAt, AuditLossWindow);

            var report = ChaosReport.Render("Faults under load: kill -9 a silo, kill -9 a frontend, restart PostgreSQL", ledger,
            [
                $"3 silos, 3 frontends, PostgreSQL (pooled connections), the sample CRM; {agents.Count(a => a.Stateful)} initialize-based sessions and " +
                $"{agents.Count(a => !a.Stateful)} sessionless clients, each calling every 40 ms or so (reads, tools/list, a keyed ticket write in five).",
                tickets,
                audit,
                $"{ledger.Attempts.Count(a => a.Kind == AttemptKind.TimedOut)} requests had no answer within the client's {LoadAgent.RequestTimeout.TotalSeconds:F0} s: " +
                "calls in flight on the silo when it was killed, before it was declared dead. The frontend watches a call that takes long " +
                "(ToolCallWatch) and answers a retriable error once the registry, re-activated elsewhere, no longer knows it; sent again, the " +
                "call is answered by the grains' new silo.",
                verdicts.Markdown,
            ]);
            output.WriteLine(report);
            output.WriteLine($"written to {ChaosReport.Save("faults-under-load", report)}");
            verdicts.AssertAllPassed();
        });
    }
}
