using System.Diagnostics;

namespace McpPlatform.Bench.Catalog;

/// <param name="FirstPageTools">Tools on the first page (the platform's page size caps it).</param>
/// <param name="Pages">Pages of the full listing.</param>
public sealed record CatalogLatencyResult(
    string Label, int Tools, int FirstPageTools, int FirstPageBytes, int Pages, int ListingBytes,
    Series FirstPage, Series FullListing, Series Initialize);

/// <summary>One series of sequential requests: their latency, and the platform's CPU time per request.</summary>
public sealed record Series(Latency Latency, TimeSpan PlatformCpuPerRequest)
{
    public override string ToString() => $"{Latency} ({Latency.Milliseconds(PlatformCpuPerRequest)} ms)";
}

/// <summary>
/// <c>tools/list</c> (first page, and every page following <c>nextCursor</c>) and <c>initialize</c> latency for one
/// tenant holding one document, each series sequential, after a warm-up of the same requests.
/// </summary>
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
            await InitializeAsync(client);
        }

        ToolsPage first = default;
        var firstPage = await SeriesAsync(async () => (first = await client.ListToolsAsync(session, cursor: null)).Elapsed);
        Listing listing = default;
        var fullListing = await SeriesAsync(async () => (listing = await ListAllAsync(client, session)).Elapsed);
        if (listing.Tools != tools)
        {
            throw new InvalidOperationException($"{tenant}: the full listing held {listing.Tools} tools, registration made {tools}.");
        }

        var initialize = await SeriesAsync(() => InitializeAsync(client));
        await client.DeleteSessionAsync(session);
        return new CatalogLatencyResult(label, tools, first.Tools, first.Bytes, listing.Pages, listing.Bytes, firstPage, fullListing, initialize);
    }

    private async Task<Series> SeriesAsync(Func<Task<TimeSpan>> request)
    {
        var times = new List<TimeSpan>(options.Requests);
        var cpuBefore = platformCpu();
        for (var i = 0; i < options.Requests; i++)
        {
            times.Add(await request());
        }

        return new Series(Latency.Of(times), (platformCpu() - cpuBefore) / options.Requests);
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

    /// <summary>Times one initialize; the session it opened is then ended (untimed), so sessions do not pile up.</summary>
    private static async Task<TimeSpan> InitializeAsync(TenantMcpClient client)
    {
        var (session, elapsed) = await client.InitializeAsync();
        await client.DeleteSessionAsync(session);
        return elapsed;
    }
}
