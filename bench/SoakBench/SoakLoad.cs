using System.Globalization;
using System.Net.Http.Json;
using McpPlatform.Bench.Common;

namespace McpPlatform.Bench.Soak;

/// <summary>A tenant of the soak: its id and its agents' key.</summary>
public sealed record SoakTenant(string Id, string AgentKey);

/// <summary>
/// The soak's steady load: agents opening a session, making a couple of dozen requests (reads, keyed writes, a tool
/// list) and closing it, again and again; one sessionless agent; and now and then a tenant's tools change.
/// </summary>
public sealed class SoakLoad(SoakOptions options, string baseUrl, string upstreamUrl, IReadOnlyList<SoakTenant> tenants, SoakCounters counters)
{
    private const int RequestsPerSession = 25;
    private static readonly TimeSpan ThinkTime = TimeSpan.FromMilliseconds(20);
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> workers = [];
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly HttpClient streams = new() { Timeout = Timeout.InfiniteTimeSpan };

    public void Start()
    {
        workers.Add(Task.Run(SessionlessAsync));
        for (var w = 1; w < options.Sessions; w++)
        {
            var worker = w;
            workers.Add(Task.Run(() => SessionsAsync(worker)));
        }

        workers.Add(Task.Run(ChangeToolsAsync));
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        http.Dispose();
        streams.Dispose();
    }

    private Uri Endpoint(SoakTenant tenant) => new($"{baseUrl}/t/{tenant.Id}/mcp");

    private async Task SessionsAsync(int worker)
    {
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            var tenant = tenants[(worker + round) % tenants.Count];
            try
            {
                await using (var session = await SoakSession.OpenAsync(http, streams, Endpoint(tenant), tenant.AgentKey, counters))
                {
                    counters.Opened();
                    for (var i = 1; i <= RequestsPerSession && !stop.IsCancellationRequested; i++)
                    {
                        var (json, key) = Request(i, $"{runId}-{worker}-{round}-{i}");
                        counters.Called(await session.SendAsync(json, key), $"{tenant.Id}: {json}");
                        await Task.Delay(ThinkTime);
                    }
                }

                counters.Closed();
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                counters.Failed(e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private async Task SessionlessAsync()
    {
        for (var i = 1; !stop.IsCancellationRequested; i++)
        {
            var tenant = tenants[i % tenants.Count];
            var (method, tool, arguments) = i % 10 == 0 ? ("tools/list", (string?)null, "") : ("tools/call", "listItems", ""","name":"listItems","arguments":{"limit":5}""");
            var json = """{"jsonrpc":"2.0","id":#ID#,"method":"#METHOD#","params":{#META##ARGUMENTS#}}"""
                .Replace("#ID#", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("#METHOD#", method, StringComparison.Ordinal)
                .Replace("#META#", SoakSession.Meta, StringComparison.Ordinal)
                .Replace("#ARGUMENTS#", arguments, StringComparison.Ordinal);
            try
            {
                var (ok, body) = await SoakSession.SendSessionlessAsync(http, Endpoint(tenant), tenant.AgentKey, method, tool, json);
                counters.Called(ok, $"{tenant.Id} sessionless {method}: {body}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                counters.Failed(e.Message);
            }

            await Task.Delay(ThinkTime);
        }
    }

    /// <summary>Every <see cref="SoakOptions.ChangeEvery"/> one tenant's API is registered again with 0–3 extra operations.</summary>
    private async Task ChangeToolsAsync()
    {
        using var admin = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", BenchPlatform.OperatorKey);
        for (var change = 1; ; change++)
        {
            try
            {
                await Task.Delay(options.ChangeEvery, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var tenant = tenants[change % tenants.Count];
            var extras = change / tenants.Count % 4;
            using var response = await admin.PutAsJsonAsync($"/admin/v1/tenants/{tenant.Id}/apis/items", new { openApi = SoakUpstream.Document(upstreamUrl, extras) });
            if (response.IsSuccessStatusCode)
            {
                counters.Changed();
            }
            else
            {
                counters.Failed($"re-registering {tenant.Id}'s API: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    /// <summary>The session's i-th request: a tool list every tenth, a keyed write every fifth, reads otherwise.</summary>
    private static (string Json, string? Key) Request(int i, string key)
    {
        var (template, keyed) = (i % 10, i % 5) switch
        {
            (0, _) => ("""{"jsonrpc":"2.0","id":#ID#,"method":"tools/list"}""", false),
            (_, 2) => ("""{"jsonrpc":"2.0","id":#ID#,"method":"tools/call","params":{"name":"createItem","arguments":{"name":"soak #ID#","price":#ID#}}}""", true),
            (_, 1 or 3) => ("""{"jsonrpc":"2.0","id":#ID#,"method":"tools/call","params":{"name":"getItem","arguments":{"id":#ID#}}}""", false),
            _ => ("""{"jsonrpc":"2.0","id":#ID#,"method":"tools/call","params":{"name":"listItems","arguments":{"limit":5}}}""", false),
        };
        return (template.Replace("#ID#", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), keyed ? key : null);
    }
}
