using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;

// dotnet run -c Release --project bench/SessionBench -- [sessions=10000] [concurrency=16] [local-cache-seconds] [idle-seconds=5]
// Starts the platform (embedded: frontend and silo in one process, so its memory is the whole cluster's),
// opens N initialize-based MCP sessions and leaves them idle, then reads the process's resident memory.
var sessions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
// Optional: how long frontends keep their in-memory copy of an idle session (the SDK's table); the session itself
// lives on in its grain. With a short value the measurement shows what the cluster keeps per session.
var localCacheSeconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : (int?)null;
// Optional: how long to leave the sessions idle before measuring (session grains leave memory after 2 idle minutes).
var idleSeconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
const string operatorKey = "bench-operator-key-0123456789";

var dataDirectory = Path.Combine(Path.GetTempPath(), "mcp-session-bench-" + Guid.NewGuid().ToString("N"));
var port = FreePort.Next();
var baseUrl = $"http://127.0.0.1:{port}";
await using var platform = ChildProcess.StartDotnet("platform", BuiltApps.Frontend, ["--urls", baseUrl], new Dictionary<string, string?>
{
    ["Platform__Mode"] = "Embedded",
    ["Platform__AdminKey"] = operatorKey,
    ["Platform__Database__DataDirectory"] = dataDirectory,
    ["Platform__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
    ["Platform__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
    ["Logging__LogLevel__Default"] = "Warning",
    ["Platform__Mcp__LocalSessionCacheTimeout"] = localCacheSeconds is { } seconds ? TimeSpan.FromSeconds(seconds).ToString() : null,
});
await platform.WaitForHttpAsync(baseUrl + "/health/ready", TimeSpan.FromSeconds(90));

using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
(await http.PostAsJsonAsync("/admin/v1/tenants", new { id = "bench" })).EnsureSuccessStatusCode();
var created = await (await http.PostAsJsonAsync("/admin/v1/tenants/bench/keys", new { name = "agent", role = "agent" })).Content.ReadFromJsonAsync<JsonElement>();
var key = created.GetProperty("key").GetString()!;

// Warm up (JIT, first grain activations), then measure from a settled baseline.
await OpenSessionsAsync(200, concurrency);
await Task.Delay(TimeSpan.FromSeconds(3));
var baseline = ResidentBytes(platform.Id);

var clock = Stopwatch.StartNew();
await OpenSessionsAsync(sessions, concurrency);
var elapsed = clock.Elapsed;
await Task.Delay(TimeSpan.FromSeconds(Math.Max(idleSeconds, (localCacheSeconds ?? 0) * 2 + 5)));
var after = ResidentBytes(platform.Id);

var perSession = (after - baseline) / (double)sessions;
Console.WriteLine($"sessions opened: {sessions} (concurrency {concurrency}) in {elapsed.TotalSeconds:F1} s = {sessions / elapsed.TotalSeconds:F0} sessions/s");
Console.WriteLine($"resident memory: baseline {baseline / 1048576.0:F1} MB, after {after / 1048576.0:F1} MB, growth {(after - baseline) / 1048576.0:F1} MB");
Console.WriteLine($"per idle session: {perSession / 1024:F1} KB  →  10,000 idle sessions ≈ {perSession * 10_000 / 1048576.0:F0} MB");
try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }

async Task OpenSessionsAsync(int count, int parallel)
{
    using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
    var next = 0;
    await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) <= count)
        {
            using var initialize = Request(client, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}""", null);
            using var response = await client.SendAsync(initialize);
            response.EnsureSuccessStatusCode();
            var session = response.Headers.GetValues("Mcp-Session-Id").Single();
            await response.Content.ReadAsStringAsync();
            using var initialized = Request(client, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", session);
            using var ack = await client.SendAsync(initialized);
        }
    }));
}

HttpRequestMessage Request(HttpClient client, string json, string? session)
{
    var request = new HttpRequestMessage(HttpMethod.Post, "/t/bench/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
    request.Headers.Accept.ParseAdd("application/json, text/event-stream");
    request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
    if (session is not null)
    {
        request.Headers.Add("Mcp-Session-Id", session);
    }

    return request;
}

static long ResidentBytes(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }

    throw new InvalidOperationException("no VmRSS");
}
