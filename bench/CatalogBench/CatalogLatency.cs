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
/// tenant holding one document: sequential rounds of the three after a warm-up of the same. Interleaving them means a
/// change in the machine's load, or work the platform does in the background, weighs on all three alike.
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

        // Enough rounds, and enough time, for the JIT's second tier to have compiled the hot paths.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < options.WarmUp || warmUp.Elapsed < options.WarmUpTime; i++)
        {
            await ListAllAsync(client, session);
            await client.DeleteSessionAsync((await client.InitializeAsync()).Session);
        }

        var firstPage = new SeriesRecorder(platformCpu);
        var fullListing = new SeriesRecorder(platformCpu);
        var initialize = new SeriesRecorder(platformCpu);
        ToolsPage first = default;
        Listing listing = default;
        for (var i = 0; i < options.Requests; i++)
        {
            await firstPage.TimeAsync(async () => (first = await client.ListToolsAsync(session, cursor: null)).Elapsed);
            await fullListing.TimeAsync(async () => (listing = await ListAllAsync(client, session)).Elapsed);
            // Each initialize opens a session; it is ended (untimed), so sessions do not pile up.
            await client.DeleteSessionAsync(await initialize.TimeAsync(client.InitializeAsync));
        }

        if (listing.Tools != tools)
        {
            throw new InvalidOperationException($"{tenant}: the full listing held {listing.Tools} tools, registration made {tools}.");
        }

        await client.DeleteSessionAsync(session);
        return new CatalogLatencyResult(label, tools, first.Tools, first.Bytes, listing.Pages, listing.Bytes,
            firstPage.Result(), fullListing.Result(), initialize.Result());
    }

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

    /// <summary>Latencies of one kind of request, and the platform CPU spent while they ran.</summary>
    private sealed class SeriesRecorder(Func<TimeSpan> platformCpu)
    {
        private readonly List<TimeSpan> times = [];
        private TimeSpan cpu;

        public async Task TimeAsync(Func<Task<TimeSpan>> request) => await TimeAsync(async () => (0, await request()));

        public async Task<T> TimeAsync<T>(Func<Task<(T Value, TimeSpan Elapsed)>> request)
        {
            var before = platformCpu();
            var (value, elapsed) = await request();
            cpu += platformCpu() - before;
            times.Add(elapsed);
            return value;
        }

        public Series Result() => new(Latency.Of(times), cpu / times.Count);
    }
}
