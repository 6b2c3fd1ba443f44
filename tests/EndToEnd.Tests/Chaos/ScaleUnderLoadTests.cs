using System.Diagnostics;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace McpPlatform.EndToEnd.Tests.Chaos;

/// <summary>
/// Scaling out and in under steady load, as Kubernetes does it: a silo joins, another gets SIGTERM and leaves; a
/// frontend joins the Service, another gets SIGTERM as its endpoint is removed. No call may fail.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ScaleUnderLoadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Adding_a_silo_draining_another_then_adding_a_frontend_and_draining_another_under_load_fails_no_call()
    {
        if (!TestCommon.PostgresServer.CanStartPrivate)
        {
            return; // The cluster runs on a server of its own; MCP_TEST_POSTGRES forbids that.
        }

        await using var cluster = await ChaosCluster.StartAsync(silos: 2, frontends: 2);
        await cluster.Platform.RunAsync(async () =>
        {
            var pool = new FrontendPool(cluster.LiveFrontends);
            var ledger = new CallLedger();
            var verdicts = new Verdicts();
            var agents = Enumerable.Range(1, 4).Select(i => new LoadAgent($"agent{i}", CrmScenario.Tenant, cluster.AgentKey, stateful: i <= 3)).ToList();
            for (var i = 0; i < agents.Count; i++)
            {
                await agents[i].InitializeAsync(cluster.LiveFrontends[i % 2]);
            }

            var load = new SteadyLoad(pool, ledger, agents, Guid.NewGuid().ToString("N")[..8]);
            load.Start();
            var minimum = TimeSpan.FromSeconds(8);
            var maximum = TimeSpan.FromSeconds(60);
            var quiet = TimeSpan.FromSeconds(3);
            var stops = new List<string>();

            await ledger.PhaseAsync("steady load", () => Task.CompletedTask, minimum, maximum, quiet);
            await ledger.PhaseAsync("silo-3 added", () => cluster.AddSiloAsync("silo-3"), minimum, maximum, quiet);
            await ledger.PhaseAsync("silo-1 drained (SIGTERM)", async () =>
            {
                var clock = Stopwatch.StartNew();
                var exit = await Stop(cluster.Silos["silo-1"]);
                stops.Add($"silo-1 left in {clock.Elapsed.TotalSeconds:F1} s ({exit})");
            }, minimum, maximum, quiet);
            await ledger.PhaseAsync("frontend-3 added", async () => pool.Add(await cluster.AddFrontendAsync("frontend-3")), minimum, maximum, quiet);
            await ledger.PhaseAsync("frontend-1 drained (SIGTERM)", async () =>
            {
                // Kubernetes sends SIGTERM and takes the pod's endpoint out of the Service at the same time.
                var (process, url) = cluster.Frontends["frontend-1"];
                var clock = Stopwatch.StartNew();
                var stopping = Stop(process);
                pool.Remove(url);
                var exit = await stopping;
                stops.Add($"frontend-1 left in {clock.Elapsed.TotalSeconds:F1} s ({exit})");
            }, minimum, maximum, quiet);
            await load.StopAsync();
            ledger.EndPhases();

            var failed = ledger.Attempts.Where(a => a.Kind != AttemptKind.Success).ToList();
            verdicts.Add("no request failed while silos and frontends came and went", failed.Count == 0,
                string.Join("; ", failed.Take(5).Select(a => $"{a.Kind} on {a.Frontend} at {a.Ended.TotalSeconds:F1} s: {a.Detail}")));
            verdicts.Add("the drained processes left by themselves (SIGTERM), not killed after the timeout", stops.All(s => s.EndsWith("(exit 0)", StringComparison.Ordinal)), string.Join("; ", stops));

            var report = ChaosReport.Render("Scale out and in under load: add a silo, drain one; add a frontend, drain one", ledger,
            [
                $"Start: 2 silos, 2 frontends, PostgreSQL, the sample CRM; {agents.Count(a => a.Stateful)} initialize-based sessions and {agents.Count(a => !a.Stateful)} sessionless client. " +
                string.Join("; ", stops) + ".",
                verdicts.Markdown,
            ]);
            output.WriteLine(report);
            output.WriteLine($"written to {ChaosReport.Save("scale-under-load", report)}");
            verdicts.AssertAllPassed();
        });
    }

    /// <summary>SIGTERM, then the exit: "exit N", or "killed" when it did not leave within the timeout.</summary>
    private static async Task<string> Stop(TestCommon.Processes.ChildProcess process)
    {
        await process.TerminateAsync();
        var code = await process.WaitForExitAsync(StopTimeout);
        if (code is null)
        {
            process.Kill();
            return "killed";
        }

        return $"exit {code}";
    }
}
