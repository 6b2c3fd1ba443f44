using System.Diagnostics;
using System.Globalization;
using McpPlatform.Bench.Common;
using McpPlatform.Bench.Sessions;

// Session creation rate, memory per idle session (just opened, then after the frontend's SDK copies and then the
// session grains have left memory) and memory per active session (one with an open GET stream), summed over every
// platform process: the embedded quick start, or --cluster (one silo and one frontend on PostgreSQL). See BenchOptions.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

const int WarmUpSessions = 200;
const int PingSample = 100;
// The SDK looks for idle sessions every 5 s; a margin covers a busy machine.
var sdkPruneSlack = TimeSpan.FromSeconds(10);
var grainQuantum = SessionGrainCollection.QuantumFor(options.GrainAge);

Console.WriteLine($"SessionBench {(options.Cluster ? "cluster (silo + frontend, PostgreSQL)" : "embedded (one process, SQLite)")}: " +
    $"{options.Sessions} idle, {options.Active} active, concurrency {options.Concurrency}, " +
    $"local cache {options.LocalCache.TotalSeconds:F0} s, grain age {options.GrainAge.TotalSeconds:F0} s (collected every {grainQuantum.TotalSeconds:F0} s)" +
    string.Concat(options.Environment.Select(e => $", {e.Key}={e.Value}")));

var environment = new Dictionary<string, string?>(options.Environment)
{
    ["Platform__Mcp__LocalSessionCacheTimeout"] = options.LocalCache.ToString("c", CultureInfo.InvariantCulture),
    ["Platform__Cluster__SessionGrainCollectionAge"] = options.GrainAge.ToString("c", CultureInfo.InvariantCulture),
};
await using var platform = await BenchPlatform.StartAsync(options.Cluster, environment);
Console.WriteLine("platform processes: " + string.Join(", ", platform.Processes.Select(p => $"{p.Name} {p.Id}")));
using var client = await BenchClient.CreateAsync(platform.BaseUrl, BenchPlatform.OperatorKey);
var report = new BenchReport(platform.Processes.Count);

// Warm up (JIT, pools, first activations), then end those sessions, so the baseline holds none of them.
var warm = await client.OpenSessionsAsync(WarmUpSessions, options.Concurrency);
await client.PingAsync(warm, options.Concurrency);
await client.DeleteAsync(warm, options.Concurrency);
await Task.Delay(TimeSpan.FromSeconds(3));
var baseline = await platform.SampleAsync();
report.Add("baseline (no sessions)", baseline, baseline, 1);

var clock = Stopwatch.StartNew();
var idle = await client.OpenSessionsAsync(options.Sessions, options.Concurrency);
var opening = clock.Elapsed;
var lastTouch = DateTime.UtcNow;
report.Rate = options.Sessions / opening.TotalSeconds;
Console.WriteLine($"opened {options.Sessions} sessions in {opening.TotalSeconds:F1} s = {report.Rate:F0} sessions/s");
if (opening >= options.LocalCache)
{
    Console.WriteLine("warning: the first sessions' SDK copies may have left memory before the first measurement; raise --local-cache");
}

await Task.Delay(TimeSpan.FromSeconds(2));
var current = await platform.SampleAsync();
report.Add("idle, just opened", current, baseline, options.Sessions);
var sample = idle.Take(PingSample).ToList();
report.WarmPing = await client.PingAsync(sample, options.Concurrency);

if (options.WaitForDrops)
{
    if (opening + options.LocalCache + sdkPruneSlack >= options.GrainAge)
    {
        Console.WriteLine("warning: the first sessions' grains may leave memory before the last SDK copies do; raise --grain-age");
    }

    await DelayUntil(DateTime.UtcNow + options.LocalCache + sdkPruneSlack);
    current = await platform.SampleAsync();
    report.Add("idle, SDK copies dropped", current, baseline, options.Sessions);

    // A grain is collected at the first collection pass after its age, rounded up to the collection quantum.
    await DelayUntil(lastTouch + options.GrainAge + 2 * grainQuantum + TimeSpan.FromSeconds(5));
    current = await platform.SampleAsync();
    report.Add("idle, grains collected too", current, baseline, options.Sessions);
}

if (options.Active > 0)
{
    var before = current;
    var active = await client.OpenSessionsAsync(options.Active, options.Concurrency);
    using var stop = new CancellationTokenSource();
    var readers = await client.OpenStreamsAsync(active, options.Concurrency, stop.Token);
    await Task.Delay(TimeSpan.FromSeconds(3));
    report.Add($"+ {options.Active} active (GET stream open)", await platform.SampleAsync(), before, options.Active);
    if (options.Hold > TimeSpan.Zero)
    {
        Console.WriteLine($"holding {options.Hold.TotalSeconds:F0} s");
        await Task.Delay(options.Hold);
    }

    await stop.CancelAsync();
    await Task.WhenAll(readers);
}

if (options.WaitForDrops)
{
    // The sessions left every cache but live on in the cluster: the next request adopts them again.
    report.ColdPing = await client.PingAsync(sample, options.Concurrency);
}

report.Print(Console.Out);
return 0;

static async Task DelayUntil(DateTime due)
{
    var wait = due - DateTime.UtcNow;
    if (wait > TimeSpan.Zero)
    {
        Console.WriteLine($"waiting {wait.TotalSeconds:F0} s");
        await Task.Delay(wait);
    }
}
