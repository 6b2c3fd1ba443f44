using System.Diagnostics;
using System.Text.Json;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;
using Xunit.Abstractions;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>
/// Idempotency keys and rate limits on the real architecture: PostgreSQL, silos, two frontends and the sample CRM
/// API as separate processes, with calls spread over both frontends at once.
/// </summary>
public sealed class ClusterIdempotencyAndRateLimitTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// <c>createContact</c> does not deduplicate by itself: every request that reaches the CRM creates a contact, so
    /// the number of contacts with the e-mail address is the number of times the call reached the API.
    /// </summary>
    private static async Task<int> ContactsWithAsync(string crm, string email)
    {
        using var http = new HttpClient();
        using var contacts = JsonDocument.Parse(await http.GetStringAsync($"{crm}/contacts?q={Uri.EscapeDataString(email)}"));
        return contacts.RootElement.GetArrayLength();
    }

    /// <summary>Sends the same write <paramref name="count"/> times at once, alternating frontends; returns the contact ids the callers got.</summary>
    private static async Task<IReadOnlyList<string>> CreateTheSameContactAsync(
        RawMcpSession session, string[] frontends, string key, string email, int count, string round)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => session.CallToolAsync(
            frontends[i % frontends.Length], $"{round}-{i}", "createContact", new { name = "Once Only", email }, idempotencyKey: key)));
        var errors = results.Where(r => r.TryGetProperty("isError", out var e) && e.GetBoolean()).ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} of {count} calls failed, e.g. {errors.FirstOrDefault()}");
        return results.Select(r => r.GetProperty("structuredContent").GetProperty("id").GetString()!).ToList();
    }

    [Fact]
    public async Task Fifty_concurrent_writes_with_one_key_over_two_frontends_reach_the_api_once_even_after_the_silos_holding_the_key_are_killed()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_idempotency");
        await using var platform = new PlatformProcesses();
        try
        {
            var silo1 = await platform.StartSiloAsync("silo-1", postgres);
            var silo2 = await platform.StartSiloAsync("silo-2", postgres);
            var (_, frontend1) = await platform.StartClusterFrontendAsync("frontend-1", postgres);
            var (_, frontend2) = await platform.StartClusterFrontendAsync("frontend-2", postgres);
            var crm = await platform.StartCrmApiAsync();
            var (agentKey, adminKey) = await CrmScenario.CreateTenantAndKeysAsync(frontend1);
            await CrmScenario.RegisterCrmAsync(frontend2, adminKey, crm);
            string[] frontends = [frontend1, frontend2];
            using var session = await RawMcpSession.StartAsync(frontend1, CrmScenario.Tenant, agentKey);
            var key = Guid.NewGuid().ToString();
            var email = $"once-{Guid.NewGuid():N}@acme.test";

            var clock = Stopwatch.StartNew();
            var first = await CreateTheSameContactAsync(session, frontends, key, email, 50, "first");
            output.WriteLine($"50 concurrent calls with one key over two frontends: {clock.ElapsedMilliseconds} ms");
            var contactId = Assert.Single(first.Distinct());
            Assert.Equal(1, await ContactsWithAsync(crm, email));

            // kill -9 one silo; the repeats find the key in PostgreSQL, wherever its grain comes back.
            silo1.Kill();
            var afterFirstKill = await Eventually.SucceedsAsync(
                () => CreateTheSameContactAsync(session, frontends, key, email, 50, "after-silo-1"), FailoverTimeout);

            // The key's grain is now on silo 2, the only silo left; a new silo joins, and silo 2 is killed too.
            await platform.StartSiloAsync("silo-3", postgres);
            silo2.Kill();
            var afterSecondKill = await Eventually.SucceedsAsync(
                () => CreateTheSameContactAsync(session, frontends, key, email, 50, "after-silo-2"), FailoverTimeout);

            Assert.All(afterFirstKill.Concat(afterSecondKill), id => Assert.Equal(contactId, id));
            Assert.Equal(1, await ContactsWithAsync(crm, email));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"{e}\n\nProcess output:\n{platform.Diagnostics}");
        }
    }

    [Fact]
    public async Task A_budget_of_100_writes_per_minute_lets_exactly_100_of_300_writes_through_two_frontends_and_reads_keep_their_own_budget()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_rate_limits");
        await using var platform = new PlatformProcesses();
        try
        {
            await platform.StartSiloAsync("silo-1", postgres);
            var (_, frontend1) = await platform.StartClusterFrontendAsync("frontend-1", postgres);
            var (_, frontend2) = await platform.StartClusterFrontendAsync("frontend-2", postgres);
            var crm = await platform.StartCrmApiAsync();
            var (agentKey, adminKey) = await CrmScenario.CreateTenantAndKeysAsync(frontend1);
            await CrmScenario.RegisterCrmAsync(frontend2, adminKey, crm);
            string[] frontends = [frontend1, frontend2];
            using var session = await RawMcpSession.StartAsync(frontend2, CrmScenario.Tenant, agentKey);
            var domain = $"rl-{Guid.NewGuid():N}.test";

            using (var operatorAdmin = new AdminClient(frontend1, PlatformProcesses.OperatorKey))
            using (var set = await operatorAdmin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{CrmScenario.Tenant}",
                new { limits = new { writesPerMinute = 100, callsPerMinute = 200 } }))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, set.StatusCode);
            }

            // The budgets started with the change: all of this must happen within their first minute.
            var sinceLimitsSet = Stopwatch.StartNew();
            using var inFlight = new SemaphoreSlim(16);
            var latencies = new System.Collections.Concurrent.ConcurrentBag<(string Tool, bool Refused, double Ms)>();
            async Task<JsonElement> CallAsync(int i, string tool, object arguments)
            {
                await inFlight.WaitAsync();
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    var result = await session.CallToolAsync(frontends[i % 2], $"{tool}-{i}", tool, arguments);
                    latencies.Add((tool, result.TryGetProperty("isError", out var e) && e.GetBoolean(), Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                    return result;
                }
                finally
                {
                    inFlight.Release();
                }
            }

            var writes = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
                CallAsync(i, "createContact", new { name = $"Person {i}", email = $"p{i}@{domain}" })));
            var writesTook = sinceLimitsSet.Elapsed;
            var reads = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => CallAsync(i, "listContacts", new { limit = 1 })));
            var readsDone = sinceLimitsSet.Elapsed;
            output.WriteLine($"300 writes over two frontends: {writesTook.TotalMilliseconds:F0} ms; then 150 reads: {(readsDone - writesTook).TotalMilliseconds:F0} ms");
            foreach (var group in latencies.GroupBy(l => (l.Tool, l.Refused)))
            {
                var sorted = group.Select(l => l.Ms).Order().ToList();
                output.WriteLine($"{group.Key.Tool} {(group.Key.Refused ? "refused" : "passed")}: {sorted.Count} calls, median {sorted[sorted.Count / 2]:F1} ms, p90 {sorted[sorted.Count * 9 / 10]:F1} ms (16 in flight)");
            }

            Assert.True(readsDone < TimeSpan.FromSeconds(55), $"took {readsDone}: the budgets may have been refilled meanwhile");

            static bool Refused(JsonElement result, string budget) =>
                result.TryGetProperty("isError", out var e) && e.GetBoolean()
                && result.GetProperty("content")[0].GetProperty("text").GetString()!.Contains(budget, StringComparison.Ordinal);
            Assert.Equal(100, writes.Count(w => !w.TryGetProperty("isError", out var e) || !e.GetBoolean()));
            Assert.Equal(200, writes.Count(w => Refused(w, "this tenant's write calls (100 per minute)")));
            Assert.Equal(100, await ContactsWithAsync(crm, "@" + domain));

            // Reads were not stopped by the spent write budget; they spend the call budget, of which the writes took 100.
            Assert.Equal(100, reads.Count(r => !r.TryGetProperty("isError", out var e) || !e.GetBoolean()));
            Assert.Equal(50, reads.Count(r => Refused(r, "this tenant's tool calls (200 per minute)")));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"{e}\n\nProcess output:\n{platform.Diagnostics}");
        }
    }
}
