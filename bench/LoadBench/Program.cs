using System.Net.Http.Json;
using System.Text.Json;
using McpPlatform.Bench.Common;
using McpPlatform.Bench.Load;
using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;

// Tool calls under closed-loop load, side by side in one run: the upstream called directly (the floor), the platform
// in its single-process quick-start mode and as a cluster (one silo, one frontend, PostgreSQL), and a peer gateway
// on the same upstream and document. See LoadOptions for the command line; bench/RESULTS.md for what the numbers mean.
if (args is ["upstream", var url])
{
    await ItemsUpstream.RunAsync(url);
    return 0;
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

Console.WriteLine($"LoadBench: {options.Sessions} sessions, {options.WarmUp.TotalSeconds:F0} s warm-up + {options.Duration.TotalSeconds:F0} s per run, " +
    $"targets {string.Join(", ", options.Targets)}; {Environment.ProcessorCount} cores");
var upstreamUrl = $"http://127.0.0.1:{FreePort.Next()}";
await using var upstreamProcess = ChildProcess.StartDotnet("upstream", typeof(ItemsUpstream).Assembly.Location, ["upstream", upstreamUrl]);
await upstreamProcess.WaitForHttpAsync(upstreamUrl + "/health", TimeSpan.FromSeconds(60));
var upstream = new Monitored("upstream", upstreamProcess.Id, Gateway: false);
var document = ItemsUpstream.Document(upstreamUrl);

using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.MaxValue,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    UseProxy = false,
    AutomaticDecompression = System.Net.DecompressionMethods.None,
};
using var http = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
using var streams = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
var runId = Guid.NewGuid().ToString("N")[..8];
var measurements = new List<Measurement>();

async Task MeasureAsync(string target, string kind, IReadOnlyList<LoadCall> workers, IReadOnlyList<Monitored> gateway)
{
    if (options.Calls.Contains(kind))
    {
        measurements.Add(await Measurement.TakeAsync(target, kind, workers, [.. gateway, upstream, Monitored.LoadGenerator], options.WarmUp, options.Duration));
    }
}

if (options.Targets.Contains("direct"))
{
    var items = new Uri(upstreamUrl + ItemsUpstream.ReadPath);
    var read = Enumerable.Range(0, options.Sessions).Select(_ => (LoadCall)(async (_, cancel) =>
    {
        using var response = await http.GetAsync(items, cancel);
        await response.Content.ReadAsByteArrayAsync(cancel);
        return response.IsSuccessStatusCode;
    })).ToList();
    await MeasureAsync("direct", "read", read, []);
    var write = Enumerable.Range(0, options.Sessions).Select(_ => (LoadCall)(async (_, cancel) =>
    {
        using var content = new StringContent(WriteBody.Item, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(items, content, cancel);
        await response.Content.ReadAsByteArrayAsync(cancel);
        return response.IsSuccessStatusCode;
    })).ToList();
    await MeasureAsync("direct", "write", write, []);
}

foreach (var cluster in new[] { false, true })
{
    var target = cluster ? "cluster" : "embedded";
    if (!options.Targets.Contains(target))
    {
        continue;
    }

    await using var platform = await BenchPlatform.StartAsync(cluster, options.Environment);
    var agentKey = await RegisterAsync(platform.BaseUrl, document);
    var endpoint = new Uri(platform.BaseUrl + "/t/bench/mcp");
    List<Monitored> gateway = [.. platform.Processes.Select(p => new Monitored(p.Name, p.Id, Gateway: true))];
    if (platform.Postgres?.ServerProcessId is { } postgres)
    {
        gateway.Add(new Monitored("postgres", postgres, Gateway: true));
    }

    await MeasureMcpAsync(target, endpoint, agentKey, gateway, idempotencyKeys: true);
}

if (options.Targets.Contains("embedded-oauth"))
{
    // The embedded platform again, its agents signing in with a JWT from the tenant's identity provider instead of a key.
    await using var issuer = new TestIssuer();
    await issuer.StartAsync();
    await using var platform = await BenchPlatform.StartAsync(cluster: false, options.Environment);
    await RegisterAsync(platform.BaseUrl, document);
    await UseOAuthAsync(platform.BaseUrl, issuer.Issuer);
    var endpoint = new Uri(platform.BaseUrl + "/t/bench/mcp");
    var token = issuer.Mint(endpoint.ToString(), expiresIn: TimeSpan.FromHours(2));
    await MeasureMcpAsync("embedded-oauth", endpoint, token, [.. platform.Processes.Select(p => new Monitored(p.Name, p.Id, Gateway: true))], idempotencyKeys: true);
}

if (options.Targets.Contains("peer"))
{
    await using var peer = await PeerGateway.StartAsync(upstreamUrl, document);
    await MeasureMcpAsync("peer", peer.Endpoint, bearer: null, [new Monitored("peer", peer.ProcessId, Gateway: true)], idempotencyKeys: false);
}

var report = LoadReport.Render(options, measurements);
Console.WriteLine();
Console.WriteLine(report);
var output = options.Output ?? Path.Combine(RepositoryPaths.Root, "bench", "results", $"load-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, report);
Console.WriteLine($"written to {output}");
return measurements.Any(m => m.Load.Calls == 0 || m.Load.Errors > 0) ? 1 : 0;

async Task MeasureMcpAsync(string target, Uri endpoint, string? bearer, IReadOnlyList<Monitored> gateway, bool idempotencyKeys)
{
    var clients = new List<McpLoadClient>();
    for (var i = 0; i < options.Sessions; i++)
    {
        var client = new McpLoadClient(http, streams, endpoint, bearer);
        await client.InitializeAsync(CancellationToken.None);
        clients.Add(client);
    }

    var tools = await clients[0].ListToolsAsync(CancellationToken.None);
    var readTool = ToolNamed(tools, ItemsUpstream.ReadTool);
    var writeTool = ToolNamed(tools, ItemsUpstream.WriteTool);
    var readArguments = """{"limit":20}""";
    var writeArguments = WriteBody.ArgumentsFor(writeTool);
    await CheckAsync(clients[0], readTool.GetProperty("name").GetString()!, readArguments);
    await CheckAsync(clients[0], writeTool.GetProperty("name").GetString()!, writeArguments);

    var readName = readTool.GetProperty("name").GetString()!;
    await MeasureAsync(target, "read", [.. clients.Select(c => (LoadCall)((_, cancel) => c.CallToolAsync(readName, readArguments, null, cancel)))], gateway);
    var writeName = writeTool.GetProperty("name").GetString()!;
    await MeasureAsync(target, "write", [.. clients.Select((c, worker) => (LoadCall)((n, cancel) =>
        c.CallToolAsync(writeName, writeArguments, idempotencyKeys ? $"{runId}-{target}-{worker}-{n}" : null, cancel)))], gateway);
    foreach (var client in clients)
    {
        await client.DisposeAsync();
    }
}

static JsonElement ToolNamed(IReadOnlyList<JsonElement> tools, string operationId)
{
    // Gateways may rewrite names (case, separators); match on letters and digits.
    static string Squash(string name) => new([.. name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
    return tools.FirstOrDefault(t => Squash(t.GetProperty("name").GetString()!) == Squash(operationId)) is { ValueKind: JsonValueKind.Object } tool
        ? tool
        : throw new InvalidOperationException($"No tool for {operationId} among: {string.Join(", ", tools.Select(t => t.GetProperty("name").GetString()))}");
}

static async Task CheckAsync(McpLoadClient client, string tool, string arguments)
{
    if (!await client.CallToolAsync(tool, arguments, null, CancellationToken.None))
    {
        throw new InvalidOperationException($"{tool} fails before the run: {client.LastFailure}");
    }
}

async Task<string> RegisterAsync(string baseUrl, string openApi)
{
    using var admin = new HttpClient { BaseAddress = new Uri(baseUrl) };
    admin.DefaultRequestHeaders.Authorization = new("Bearer", BenchPlatform.OperatorKey);
    (await admin.PostAsJsonAsync("/admin/v1/tenants", new { id = "bench" })).EnsureSuccessStatusCode();
    var created = await (await admin.PostAsJsonAsync("/admin/v1/tenants/bench/keys", new { name = "agent", role = "agent" })).EnsureSuccessStatusCode()
        .Content.ReadFromJsonAsync<JsonElement>();
    (await admin.PutAsJsonAsync("/admin/v1/tenants/bench/apis/items", new { openApi })).EnsureSuccessStatusCode();
    return created.GetProperty("key").GetString()!;
}

async Task UseOAuthAsync(string baseUrl, string issuer)
{
    using var admin = new HttpClient { BaseAddress = new Uri(baseUrl) };
    admin.DefaultRequestHeaders.Authorization = new("Bearer", BenchPlatform.OperatorKey);
    using var request = new HttpRequestMessage(HttpMethod.Patch, "/admin/v1/tenants/bench")
    {
        Content = JsonContent.Create(new { auth = new { oauth = new { issuer, requiredScopes = new[] { "mcp:tools" } } } }),
    };
    (await admin.SendAsync(request)).EnsureSuccessStatusCode();
}
