using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using McpPlatform.Bench.Common;
using McpPlatform.Bench.Soak;
using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;

// Steady load on a cluster (a silo and a frontend on PostgreSQL) for ten minutes or more, sampling every platform
// process's memory; at the end, the trend over the second half says flat or growing. On demand, not in CI (test.sh
// runs --smoke). See SoakOptions for the command line; bench/RESULTS.md for a run.
if (args is ["upstream", var url])
{
    await SoakUpstream.RunAsync(url);
    return 0;
}

SoakOptions options;
try
{
    options = SoakOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

Console.WriteLine($"SoakBench: {options.Duration.TotalMinutes:F1} min, {options.Sessions} agents, {options.Tenants} tenants, sampling every {options.SampleEvery.TotalSeconds:F0} s; {Environment.ProcessorCount} cores");
var upstreamUrl = $"http://127.0.0.1:{FreePort.Next()}";
await using var upstream = ChildProcess.StartDotnet("upstream", typeof(SoakUpstream).Assembly.Location, ["upstream", upstreamUrl]);
await upstream.WaitForHttpAsync(upstreamUrl + "/health", TimeSpan.FromSeconds(60));
await using var platform = await BenchPlatform.StartAsync(cluster: true, options.Environment);

var tenants = new List<SoakTenant>();
using (var admin = new HttpClient { BaseAddress = new Uri(platform.BaseUrl) })
{
    admin.DefaultRequestHeaders.Authorization = new("Bearer", BenchPlatform.OperatorKey);
    for (var t = 1; t <= options.Tenants; t++)
    {
        var id = $"soak-{t}";
        (await admin.PostAsJsonAsync("/admin/v1/tenants", new { id })).EnsureSuccessStatusCode();
        var key = await (await admin.PostAsJsonAsync($"/admin/v1/tenants/{id}/keys", new { name = "agent", role = "agent" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        (await admin.PutAsJsonAsync($"/admin/v1/tenants/{id}/apis/items", new { openApi = SoakUpstream.Document(upstreamUrl, 0) })).EnsureSuccessStatusCode();
        tenants.Add(new SoakTenant(id, key.GetProperty("key").GetString()!));
    }
}

var trends = platform.Processes.Select(p => new MemoryTrend(p.Name, p.Id)).ToList();
var counters = new SoakCounters();
var load = new SoakLoad(options, platform.BaseUrl, upstreamUrl, tenants, counters);
var clock = Stopwatch.StartNew();
load.Start();
while (clock.Elapsed < options.Duration)
{
    var at = clock.Elapsed;
    foreach (var trend in trends)
    {
        await trend.SampleAsync(at);
    }

    Console.WriteLine($"{at.TotalMinutes,5:F1} min: {counters.Calls} requests, {counters.Failures} failed; " +
        string.Join(", ", trends.Select(t => $"{t.Process} {t.Samples[^1].Sample.ResidentBytes / 1048576.0:F0} MB RSS / {t.Samples[^1].Sample.LiveHeapBytes / 1048576.0:F1} MB heap")));
    var next = at + options.SampleEvery;
    if (next > clock.Elapsed)
    {
        await Task.Delay(next - clock.Elapsed);
    }
}

var ran = clock.Elapsed;
foreach (var trend in trends)
{
    await trend.SampleAsync(ran);
}

await load.StopAsync();
var report = SoakReport.Render(options, ran, counters, trends);
Console.WriteLine();
Console.WriteLine(report);
var output = options.Output ?? Path.Combine(RepositoryPaths.Root, "bench", "results", $"soak-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, report);
Console.WriteLine($"written to {output}");
var loadHeld = counters.Calls > 0 && counters.Failures == 0;
return loadHeld && (options.Smoke || SoakReport.Passed(ran, trends)) ? 0 : 1;
