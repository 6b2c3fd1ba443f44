using System.Text.Json.Nodes;

namespace McpPlatform.EndToEnd.Tests.Chaos;

/// <summary>
/// Agents calling tools in a paced closed loop, each request to the next frontend of the pool. A retriable failure
/// is sent again (a write with the same idempotency key) on the next frontend after a short pause, as a client
/// recovers; anything else is recorded and the agent goes on.
/// </summary>
public sealed class SteadyLoad(FrontendPool pool, CallLedger ledger, IReadOnlyList<LoadAgent> agents, string runId)
{
    /// <summary>Pause between an agent's calls: steady load that leaves two busy cores room for the faults.</summary>
    private static readonly TimeSpan ThinkTime = TimeSpan.FromMilliseconds(40);

    /// <summary>How long an agent keeps retrying one call before it counts as lost.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);

    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> workers = [];

    /// <summary>Seed contact of the sample CRM, which tickets are opened for.</summary>
    public const string ContactId = "c-1";

    public void Start()
    {
        foreach (var agent in agents)
        {
            workers.Add(Task.Run(() => RunAsync(agent)));
        }
    }

    /// <summary>Stops after each agent's current call (its retries included).</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(workers);
    }

    /// <summary>One call sent until it succeeds or <see cref="GiveUpAfter"/> passes; recorded in the ledger.</summary>
    public static async Task<LogicalCall> CallAsync(FrontendPool pool, CallLedger ledger, LoadAgent agent, string requestPrefix, LoadOperation operation)
    {
        var attempts = new List<Attempt>();
        var started = ledger.Now;
        while (true)
        {
            var frontend = pool.Next();
            var attemptStarted = ledger.Now;
            var ticket = ledger.Begin();
            var result = await agent.SendAsync(frontend, $"{requestPrefix}-{attempts.Count + 1}", operation);
            var attempt = new Attempt(agent.Name, $"{requestPrefix}-{attempts.Count + 1}", operation.Label, frontend, attemptStarted, ledger.Now, result.Kind, result.Detail);
            ledger.Record(ticket, attempt);
            attempts.Add(attempt);
            if (result.Kind == AttemptKind.ConnectionFailed)
            {
                pool.ReportConnectionFailure(frontend);
            }

            if (result.Kind == AttemptKind.Success || !result.Kind.IsRetriable() || ledger.Now - started > GiveUpAfter)
            {
                var call = new LogicalCall(agent.Name, operation.Label, operation.IdempotencyKey, attempts, CreatedId(result));
                ledger.Complete(call);
                return call;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 200 * attempts.Count)));
        }
    }

    private async Task RunAsync(LoadAgent agent)
    {
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            await CallAsync(pool, ledger, agent, $"{agent.Name}-{n}", Plan(agent, n));
            await Task.Delay(ThinkTime);
        }
    }

    /// <summary>Mostly reads; every fifth call of a session a ticket (with its own key); now and then a tool list.</summary>
    private LoadOperation Plan(LoadAgent agent, int n) => (n % 10) switch
    {
        0 => LoadOperation.ListTools(),
        3 or 8 when agent.Stateful => Ticket($"{runId}-{agent.Name}-{n}"),
        _ when n % 2 == 0 => LoadOperation.Call("getContact", new JsonObject { ["id"] = ContactId }),
        _ => LoadOperation.Call("listContacts", new JsonObject { ["limit"] = 3 }),
    };

    /// <summary>The CRM's ticket endpoint: the subject is the key, so the CRM's tickets can be counted per key.</summary>
    public static LoadOperation Ticket(string key) =>
        LoadOperation.Call("createTicket", new JsonObject { ["contactId"] = ContactId, ["subject"] = key, ["priority"] = "low" }, key);

    private static string? CreatedId(AttemptResult result) =>
        result.Result is { } r && r.TryGetProperty("structuredContent", out var content) && content.TryGetProperty("id", out var id) ? id.GetString() : null;
}
