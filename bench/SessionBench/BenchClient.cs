using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace McpPlatform.Bench.Sessions;

/// <summary>An MCP client that speaks raw Streamable HTTP (2025-06-18), so the platform is measured, not a client SDK.</summary>
public sealed class BenchClient : IDisposable
{
    private const string Version = "2025-06-18";
    private const string Endpoint = "/t/bench/mcp";
    private const string InitializeJson =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}""";
    private const string InitializedJson = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";
    private const string PingJson = """{"jsonrpc":"2.0","id":2,"method":"ping"}""";

    // Every open GET stream holds a connection of its own; the pool must not cap them.
    private readonly HttpClient http;
    private readonly string key;

    private BenchClient(HttpClient http, string key)
    {
        this.http = http;
        this.key = key;
    }

    /// <summary>Creates the bench tenant and an agent key for it.</summary>
    public static async Task<BenchClient> CreateAsync(string baseUrl, string operatorKey)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromMinutes(2),
        };
        using var admin = new HttpRequestMessage(HttpMethod.Post, "/admin/v1/tenants") { Content = JsonContent.Create(new { id = "bench" }) };
        admin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        (await http.SendAsync(admin)).EnsureSuccessStatusCode();
        using var keyRequest = new HttpRequestMessage(HttpMethod.Post, "/admin/v1/tenants/bench/keys") { Content = JsonContent.Create(new { name = "agent", role = "agent" }) };
        keyRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        using var created = await http.SendAsync(keyRequest);
        created.EnsureSuccessStatusCode();
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        return new BenchClient(http, key);
    }

    /// <summary>Opens sessions as clients do (initialize, then notifications/initialized), <paramref name="parallel"/> at a time.</summary>
    public async Task<IReadOnlyList<string>> OpenSessionsAsync(int count, int parallel)
    {
        var opened = new ConcurrentBag<string>();
        await ForEachAsync(count, parallel, async _ =>
        {
            using var response = await SendAsync(HttpMethod.Post, InitializeJson, null);
            response.EnsureSuccessStatusCode();
            var session = response.Headers.GetValues("Mcp-Session-Id").Single();
            await response.Content.ReadAsStringAsync();
            using var ack = await SendAsync(HttpMethod.Post, InitializedJson, session);
            ack.EnsureSuccessStatusCode();
            opened.Add(session);
        });
        return [.. opened];
    }

    /// <summary>Pings each session once; returns the mean latency. Fails if any session is gone.</summary>
    public async Task<TimeSpan> PingAsync(IReadOnlyList<string> sessions, int parallel)
    {
        long ticks = 0;
        await ForEachAsync(sessions.Count, parallel, async i =>
        {
            var clock = Stopwatch.StartNew();
            using var response = await SendAsync(HttpMethod.Post, PingJson, sessions[i]);
            await response.Content.ReadAsStringAsync();
            Interlocked.Add(ref ticks, clock.Elapsed.Ticks);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"ping in session {sessions[i]}: {(int)response.StatusCode}");
            }
        });
        return TimeSpan.FromTicks(ticks / Math.Max(1, sessions.Count));
    }

    public Task DeleteAsync(IReadOnlyList<string> sessions, int parallel) => ForEachAsync(sessions.Count, parallel, async i =>
    {
        using var response = await SendAsync(HttpMethod.Delete, null, sessions[i]);
        response.EnsureSuccessStatusCode();
    });

    /// <summary>Opens each session's GET stream and keeps reading it until <paramref name="stop"/>.</summary>
    public async Task<IReadOnlyList<Task>> OpenStreamsAsync(IReadOnlyList<string> sessions, int parallel, CancellationToken stop)
    {
        var readers = new ConcurrentBag<Task>();
        await ForEachAsync(sessions.Count, parallel, async i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Endpoint);
            Authorize(request, sessions[i]);
            request.Headers.Accept.ParseAdd("text/event-stream");
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
            response.EnsureSuccessStatusCode();
            var stream = await response.Content.ReadAsStreamAsync(stop);
            readers.Add(DrainAsync(request, response, stream, stop));
        });
        return [.. readers];
    }

    public void Dispose() => http.Dispose();

    private static async Task DrainAsync(HttpRequestMessage request, HttpResponseMessage response, Stream stream, CancellationToken stop)
    {
        using (request)
        using (response)
        await using (stream)
        {
            var buffer = new byte[256];
            try
            {
                while (await stream.ReadAsync(buffer, stop) > 0)
                {
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
            {
            }
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string? json, string? session)
    {
        var request = new HttpRequestMessage(method, Endpoint);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        Authorize(request, session);
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        return SendAndDisposeRequestAsync(request);
    }

    private async Task<HttpResponseMessage> SendAndDisposeRequestAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await http.SendAsync(request);
        }
    }

    private void Authorize(HttpRequestMessage request, string? session)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("MCP-Protocol-Version", Version);
        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
        }
    }

    private static Task ForEachAsync(int count, int parallel, Func<int, Task> body)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Math.Max(1, parallel)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await body(i);
            }
        }));
    }
}
