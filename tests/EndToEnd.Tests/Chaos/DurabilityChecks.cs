using System.Diagnostics;
using System.Net;
using System.Text.Json;
using McpPlatform.EndToEnd.Tests.Infrastructure;

namespace McpPlatform.EndToEnd.Tests.Chaos;

/// <summary>After the faults: is every registration, key, session, idempotency record and audit record still there?</summary>
public sealed class DurabilityChecks(ChaosCluster cluster, CallLedger ledger, Verdicts verdicts)
{
    private const string Tenant = CrmScenario.Tenant;

    public static async Task<IReadOnlyList<string>> ToolNamesAsync(string frontend, string adminKey)
    {
        using var admin = new AdminClient(frontend, adminKey);
        var tools = await admin.GetAsync($"/admin/v1/tenants/{Tenant}/tools");
        var list = tools.ValueKind == JsonValueKind.Array ? tools : tools.GetProperty("tools");
        return [.. list.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];
    }

    /// <summary>Every frontend lists the tools the tenant had before, to the admin API and over MCP.</summary>
    public async Task RegistrationsAsync(IReadOnlyList<string> toolsBefore, LoadAgent agent)
    {
        foreach (var frontend in cluster.LiveFrontends)
        {
            var names = await ToolNamesAsync(frontend, cluster.AdminKey);
            verdicts.Add($"tools of the tenant on {frontend} (admin API)", names.SequenceEqual(toolsBefore), $"{names.Count} of {toolsBefore.Count}");
            var listed = await agent.SendAsync(frontend, $"check-list-{Guid.NewGuid():N}", LoadOperation.ListTools());
            var mcpNames = listed.Result?.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList() ?? [];
            verdicts.Add($"tools/list on {frontend}", listed.Kind == AttemptKind.Success && mcpNames.SequenceEqual(toolsBefore), $"{listed.Kind}, {mcpNames.Count} tools");
        }
    }

    /// <summary>A key made before the faults and unused since still opens sessions; a key revoked before them stays refused.</summary>
    public async Task KeysAsync(string spareKey, string revokedKey)
    {
        using var http = new HttpClient();
        foreach (var frontend in cluster.LiveFrontends)
        {
            var spare = new LoadAgent("spare", Tenant, spareKey, stateful: true);
            var opened = await Record(() => spare.InitializeAsync(frontend));
            verdicts.Add($"a key made before the faults authenticates on {frontend}", opened is null, opened ?? "");
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{frontend}/admin/v1/tenants/{Tenant}/apis");
            request.Headers.Authorization = new("Bearer", revokedKey);
            using var refused = await http.SendAsync(request);
            verdicts.Add($"a key revoked before the faults is refused on {frontend}", refused.StatusCode == HttpStatusCode.Unauthorized, $"{(int)refused.StatusCode}");
        }
    }

    /// <summary>Each session goes on, on every frontend: the load's sessions and one left idle through the faults.</summary>
    public async Task SessionsAsync(IEnumerable<LoadAgent> sessions)
    {
        var lost = ledger.Attempts.Count(a => a.Kind == AttemptKind.SessionNotFound);
        verdicts.Add("no request of a live session was answered 404 during the faults", lost == 0, $"{lost} answered 404");
        foreach (var agent in sessions.Where(a => a.Stateful))
        {
            foreach (var frontend in cluster.LiveFrontends)
            {
                var listed = await agent.SendAsync(frontend, $"check-session-{Guid.NewGuid():N}", LoadOperation.ListTools());
                verdicts.Add($"session of {agent.Name} continues on {frontend}", listed.Kind == AttemptKind.Success, $"{listed.Kind} {listed.Detail}");
            }
        }
    }

    /// <summary>
    /// Contacts written with an idempotency key before each fault, sent again after all of them: the platform replays
    /// the stored result (the same contact, the audit record says replay) and the CRM, which does not deduplicate
    /// contacts itself, still has one contact per e-mail address.
    /// </summary>
    public async Task ReplaysAsync(FrontendPool pool, LoadAgent agent, IReadOnlyList<(LogicalCall Call, string Email)> probes, Func<string, string, LoadOperation> contact)
    {
        var resent = new List<(LogicalCall First, LogicalCall Again, string Email)>();
        foreach (var (first, email) in probes)
        {
            var again = await SteadyLoad.CallAsync(pool, ledger, agent, $"again-{first.IdempotencyKey}", contact(email, first.IdempotencyKey!));
            resent.Add((first, again, email));
        }

        // The audit writer flushes every second: wait for the re-sends' records.
        var audit = await AuditTrail.ReadAsync(cluster.LiveFrontends[0], cluster.AdminKey, Tenant);
        for (var clock = Stopwatch.StartNew(); resent.Any(r => !audit.ContainsKey(r.Again.Attempts[^1].RequestId)) && clock.Elapsed < TimeSpan.FromSeconds(30);)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            audit = await AuditTrail.ReadAsync(cluster.LiveFrontends[0], cluster.AdminKey, Tenant);
        }

        using var http = new HttpClient();
        foreach (var (first, again, email) in resent)
        {
            using var contacts = JsonDocument.Parse(await http.GetStringAsync($"{cluster.Crm}/contacts?q={Uri.EscapeDataString(email)}"));
            var replayed = audit.TryGetValue(again.Attempts[^1].RequestId, out var record) && AuditTrail.IsReplay(record);
            verdicts.Add($"idempotency key {first.IdempotencyKey} replays after the faults",
                again.Succeeded && again.ResultId == first.ResultId && replayed && contacts.RootElement.GetArrayLength() == 1,
                $"first {first.ResultId}, again {again.ResultId}, audit replay {replayed}, contacts {contacts.RootElement.GetArrayLength()}");
        }
    }

    /// <summary>Every ticket the load opened (each with its own key, retried with it) exists once, with the id the agent was given.</summary>
    public async Task<string> TicketsAsync()
    {
        using var http = new HttpClient();
        using var tickets = JsonDocument.Parse(await http.GetStringAsync($"{cluster.Crm}/tickets"));
        var bySubject = tickets.RootElement.EnumerateArray().GroupBy(t => t.GetProperty("subject").GetString()!)
            .ToDictionary(g => g.Key, g => g.Select(t => t.GetProperty("id").GetString()!).ToList());
        var writes = ledger.Calls.Where(c => c.Operation == "createTicket").ToList();
        var wrong = writes.Where(w => w.Succeeded
                ? !(bySubject.TryGetValue(w.IdempotencyKey!, out var ids) && ids.Count == 1 && ids[0] == w.ResultId)
                : bySubject.GetValueOrDefault(w.IdempotencyKey!)?.Count > 1)
            .Select(w => $"{w.IdempotencyKey}: {string.Join(",", bySubject.GetValueOrDefault(w.IdempotencyKey!) ?? [])} (agent got {w.ResultId})")
            .ToList();
        var retried = writes.Count(w => w.Attempts.Count > 1);
        verdicts.Add("every ticket written under load exists once, as its agent was told", wrong.Count == 0,
            $"{writes.Count} writes, {retried} of them sent more than once; wrong: {string.Join("; ", wrong.Take(5))}");
        return $"Writes under load: {writes.Count} tickets, each with its own idempotency key; {retried} were sent more than once (same key); the CRM holds {writes.Count(w => w.Succeeded)} of them, one each.";
    }

    /// <summary>
    /// Every successful tool call has its audit record, except those a crashed silo had queued: the audit writer's
    /// documented loss window (records not yet flushed, about one flush interval) before the kill.
    /// </summary>
    public async Task<string> AuditAsync(TimeSpan? siloKilledAt, TimeSpan window)
    {
        var successes = ledger.Attempts.Where(a => a.Kind == AttemptKind.Success && a.Operation != "tools/list").ToList();
        bool InLossWindow(Attempt a) => siloKilledAt is { } kill && a.Ended >= kill - window && a.Ended <= kill + TimeSpan.FromSeconds(1);
        List<Attempt> missing = [];
        List<Attempt> unexplained = [];
        var clock = Stopwatch.StartNew();
        // Records queued while PostgreSQL was down are written after a back-off: give them time.
        do
        {
            var audit = await AuditTrail.ReadAsync(cluster.LiveFrontends[0], cluster.AdminKey, Tenant);
            missing = [.. successes.Where(a => !audit.ContainsKey(a.RequestId))];
            unexplained = [.. missing.Where(a => !InLossWindow(a))];
            if (unexplained.Count == 0)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(75));

        verdicts.Add("every successful tool call has an audit record (but the killed silo's last unflushed second)", unexplained.Count == 0,
            $"{successes.Count} successful calls, {missing.Count - unexplained.Count} missing within the loss window, {unexplained.Count} missing outside it, e.g. " +
            string.Join(", ", unexplained.Take(5).Select(a => $"{a.RequestId} at {a.Ended.TotalSeconds:F1} s")));
        var lost = missing.Except(unexplained).Select(a => (siloKilledAt!.Value - a.Ended).TotalSeconds).ToList();
        return $"Audit: {successes.Count} successful tool calls; {lost.Count} without a record" +
            (lost.Count == 0 ? "." : $", completed {lost.Min():F2}–{lost.Max():F2} s before the silo's kill -9 (the audit writer flushes every second; " +
                $"a crashed silo loses the records it had queued, as docs/ARCHITECTURE.md says; the test allows {window.TotalSeconds:F0} s).");
    }

    private static async Task<string?> Record(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return e.Message;
        }
    }
}
