using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using McpPlatform.Bench.Guards;
using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;

// dotnet run -c Release --project bench/GuardBench -- [calls=500] [sqlite|postgres]
// Starts the platform (embedded: frontend and silo in one process) and an upstream that answers at once, then times
// sequential tool calls in one MCP session: reads (rate-limit check, no key), writes (each with a new key derived
// from its request id: the key is claimed and its result stored), and repeats of one write (answered from the
// stored result, without the upstream), and admin requests with and without the rate-limit check. Differences between
// the medians are what each guard costs.
var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var database = args.Length > 1 ? args[1] : "sqlite";
const string operatorKey = "bench-operator-key-0123456789";

await using var upstream = await InstantUpstream.StartAsync();
var dataDirectory = Path.Combine(Path.GetTempPath(), "mcp-guard-bench-" + Guid.NewGuid().ToString("N"));
var port = FreePort.Next();
var baseUrl = $"http://127.0.0.1:{port}";
var environment = new Dictionary<string, string?>
{
    ["Platform__Mode"] = "Embedded",
    ["Platform__AdminKey"] = operatorKey,
    ["Platform__Database__DataDirectory"] = dataDirectory,
    ["Platform__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
    ["Platform__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
    ["Logging__LogLevel__Default"] = "Warning",
};
if (database == "postgres")
{
    // The test server's connection strings turn pooling off (so tests can drop databases); a deployment pools.
    environment["ConnectionStrings__Postgres"] = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("bench_guards") + ";Pooling=true";
    environment["Platform__Database__Provider"] = "Postgres";
}

await using var platform = ChildProcess.StartDotnet("platform", BuiltApps.Frontend, ["--urls", baseUrl], environment);
await platform.WaitForHttpAsync(baseUrl + "/health/ready", TimeSpan.FromSeconds(90));

using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
(await http.PostAsJsonAsync("/admin/v1/tenants", new { id = "bench" })).EnsureSuccessStatusCode();
var created = await (await http.PostAsJsonAsync("/admin/v1/tenants/bench/keys", new { name = "agent", role = "agent" })).Content.ReadFromJsonAsync<JsonElement>();
var key = created.GetProperty("key").GetString()!;
var adminCreated = await (await http.PostAsJsonAsync("/admin/v1/tenants/bench/keys", new { name = "admin", role = "admin" })).Content.ReadFromJsonAsync<JsonElement>();
var adminKey = adminCreated.GetProperty("key").GetString()!;
(await http.PutAsJsonAsync("/admin/v1/tenants/bench/apis/notes", new { openApi = InstantUpstream.Document(upstream.BaseUrl) })).EnsureSuccessStatusCode();

using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
var session = await InitializeAsync();
var nextId = 0;

// Warm up every path (JIT, grain activations), then measure each kind of call.
await TimeAsync("warm-up", 100, _ => CallAsync("readNote", null));
await TimeAsync("warm-up", 100, _ => CallAsync("writeNote", null));
var read = await TimeAsync("read (rate-limit check)", calls, _ => CallAsync("readNote", null));
var write = await TimeAsync("write, new key per call (claim + stored result)", calls, _ => CallAsync("writeNote", null));
var replayKey = Guid.NewGuid().ToString();
await CallAsync("writeNote", replayKey);
var replay = await TimeAsync("write repeated with one key (replay, no upstream)", calls, _ => CallAsync("writeNote", replayKey));
// The same admin request with and without the limiter: a tenant admin's is counted, the operator's is not.
await TimeAsync("warm-up", 100, _ => AdminGetAsync(adminKey));
await TimeAsync("warm-up", 100, _ => AdminGetAsync(operatorKey));
var counted = await TimeAsync("admin GET, tenant key (counted)", calls, _ => AdminGetAsync(adminKey));
var uncounted = await TimeAsync("admin GET, operator key (not counted)", calls, _ => AdminGetAsync(operatorKey));
Console.WriteLine($"database: {database}; upstream requests: {upstream.Requests}");
Console.WriteLine($"rate-limit check (one grain call), admin request counted vs not: {counted - uncounted:F2} ms per call (median)");
Console.WriteLine($"key claim + result store, over a read: {write - read:F2} ms per call (median)");
Console.WriteLine($"replay, against a read that reaches the upstream: {replay - read:F2} ms per call (median)");
try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }

async Task<double> TimeAsync(string label, int count, Func<int, Task> call)
{
    var times = new double[count];
    for (var i = 0; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await call(i);
        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    Array.Sort(times);
    var median = times[count / 2];
    if (label != "warm-up")
    {
        Console.WriteLine($"{label}: {count} sequential calls, median {median:F2} ms, p90 {times[count * 9 / 10]:F2} ms, p99 {times[count * 99 / 100]:F2} ms");
    }

    return median;
}

async Task AdminGetAsync(string bearer)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/v1/tenants/bench");
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
    using var response = await client.SendAsync(request);
    response.EnsureSuccessStatusCode();
}

async Task CallAsync(string tool, string? idempotencyKey)
{
    var id = Interlocked.Increment(ref nextId);
    var json = JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method = "tools/call", @params = new { name = tool, arguments = new { text = "hello" } } });
    using var request = Request(json, session);
    if (idempotencyKey is not null)
    {
        request.Headers.Add("Idempotency-Key", idempotencyKey);
    }

    using var response = await client.SendAsync(request);
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode || body.Contains("\"isError\":true", StringComparison.Ordinal))
    {
        throw new InvalidOperationException($"{tool}: {(int)response.StatusCode} {body}");
    }
}

async Task<string> InitializeAsync()
{
    using var initialize = Request("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}""", null);
    using var response = await client.SendAsync(initialize);
    response.EnsureSuccessStatusCode();
    var id = response.Headers.GetValues("Mcp-Session-Id").Single();
    using var initialized = Request("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", id);
    using var ack = await client.SendAsync(initialized);
    return id;
}

HttpRequestMessage Request(string json, string? sessionId)
{
    var request = new HttpRequestMessage(HttpMethod.Post, "/t/bench/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
    request.Headers.Accept.ParseAdd("application/json, text/event-stream");
    request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
    if (sessionId is not null)
    {
        request.Headers.Add("Mcp-Session-Id", sessionId);
    }

    return request;
}
