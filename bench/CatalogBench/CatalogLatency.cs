using System.Diagnostics;

namespace McpPlatform.Bench.Catalog;

/// <param name="FirstPageTools">Tools on the first page (the platform's page size caps it).</param>
/// <param name="Pages">Pages of the full listing.</param>
public sealed record CatalogLatencyResult(
    string Label, int Tools, int FirstPageTools, int FirstPageBytes, int Pages, int ListingBytes,
    Series FirstPage, Series FullListing, Series Initialize);

/// <summary>One kind of request: its latency, and the platform's CPU time per request.</summary>
public sealed record Series(Latency Latency, TimeSpan PlatformCpuPerRequest)
{
    public override string ToString() => $"{Latency} ({Latency.Milliseconds(PlatformCpuPerRequest)} ms)";
}

/// <summary>
/// <c>tools/list</c> (first page, and every page following <c>nextCursor</c>) and <c>initialize</c> latency for one
/// tenant holding one document: a series of sequential requests of each kind, each after a warm-up of its own.
/// </summary>
/// <param name="platformCpu">CPU time of the platform's processes so far.</param>
public sealed class CatalogLatency(PlatformAdmin admin, HttpClient http, Func<TimeSpan> platformCpu, CatalogOptions options)
{
    public async Task<CatalogLatencyResult> MeasureAsync(string tenant, string label, BenchDocument document)
    {
        await admin.CreateTenantAsync(tenant);
        var (_, tools) = await admin.RegisterAsync(tenant, "catalog", document);
        var client = new TenantMcpClient(http, tenant, await admin.CreateAgentKeyAsync(tenant));
        var session = await client.OpenSessionAsync();

        // Warm up every request kind, then wait until the JIT's second tier and the GC are done with what the
        // registration and the warm-up left them: that background work would otherwise be charged to a series.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < options.WarmUp || warmUp.Elapsed < options.WarmUpTime; i++)
        {
            await client.ListToolsAsync(session, cursor: null);
            await ListAllAsync(client, session);
            await client.DeleteSessionAsync((await client.InitializeAsync()).Session);
        }

        var settled = await SettleAsync();
        Console.WriteLine($"{tenant}: {tools} tools; warmed up {warmUp.Elapsed.TotalSeconds:F0} s, then the platform was quiet after {settled.TotalSeconds:F0} s");

        ToolsPage first = default;
        var firstPage = await SeriesAsync(async () => (first = await client.ListToolsAsync(session, cursor: null)).Elapsed);
        Listing listing = default;
        var fullListing = await SeriesAsync(async () => (listing = await ListAllAsync(client, session)).Elapsed);
        if (listing.Tools != tools)
        {
            throw new InvalidOperationException($"{tenant}: the full listing held {listing.Tools} tools, registration made {tools}.");
        }

        // Each initialize opens a session; it is ended (untimed), so sessions do not pile up.
        var initialize = await SeriesAsync(async () =>
        {
            var (opened, elapsed) = await client.InitializeAsync();
            return (elapsed, () => client.DeleteSessionAsync(opened));
        });
        await client.DeleteSessionAsync(session);
        return new CatalogLatencyResult(label, tools, first.Tools, first.Bytes, listing.Pages, listing.Bytes, firstPage, fullListing, initialize);
    }

    /// <summary>Waits (at most the settle limit) until the platform uses less than a tenth of a core.</summary>
    private async Task<TimeSpan> SettleAsync()
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < options.SettleLimit)
        {
            var before = platformCpu();
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (platformCpu() - before < TimeSpan.FromMilliseconds(100))
            {
                break;
            }
        }

        return waited.Elapsed;
    }

    private Task<Series> SeriesAsync(Func<Task<TimeSpan>> request) =>
        SeriesAsync(async () => (await request(), (Func<Task>?)null));

    /// <summary>
    /// A few untimed requests (the previous series was another kind), then the timed ones; the platform's CPU is read
    /// around each. <paramref name="request"/> may return untimed clean-up.
    /// </summary>
    private async Task<Series> SeriesAsync(Func<Task<(TimeSpan Elapsed, Func<Task>? CleanUp)>> request)
    {
        for (var i = 0; i < options.WarmUp; i++)
        {
            await CleanUpAsync((await request()).CleanUp);
        }

        var times = new List<TimeSpan>(options.Requests);
        var cpu = TimeSpan.Zero;
        for (var i = 0; i < options.Requests; i++)
        {
            var before = platformCpu();
            var (elapsed, cleanUp) = await request();
            cpu += platformCpu() - before;
            times.Add(elapsed);
            await CleanUpAsync(cleanUp);
        }

        return new Series(Latency.Of(times), cpu / options.Requests);
    }

    private static Task CleanUpAsync(Func<Task>? cleanUp) => cleanUp?.Invoke() ?? Task.CompletedTask;

    private readonly record struct Listing(int Tools, int Pages, int Bytes, TimeSpan Elapsed);

    /// <summary>Every page, as a client lists them: the time is the pages' request times added up.</summary>
    private static async Task<Listing> ListAllAsync(TenantMcpClient client, string session)
    {
        Listing listing = default;
        string? cursor = null;
        do
        {
            var page = await client.ListToolsAsync(session, cursor);
            listing = new Listing(listing.Tools + page.Tools, listing.Pages + 1, listing.Bytes + page.Bytes, listing.Elapsed + page.Elapsed);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return listing;
    }
}
