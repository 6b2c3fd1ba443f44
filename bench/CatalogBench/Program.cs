using McpPlatform.Bench.Catalog;

// Registration time of the largest fixture, tools/list and initialize latency for a tenant holding it and for one
// holding 2,000 tools, and memory per 1,000 registered tenants; for the embedded quick start and for a silo plus a
// frontend on PostgreSQL. Prints a markdown table; see CatalogOptions for the command line.
CatalogOptions options;
try
{
    options = CatalogOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var largest = BenchDocument.LargestFixture();
var small = BenchDocument.SmallFixture();
var synthetic = BenchDocument.Synthetic(options.SyntheticOperations);
Console.WriteLine($"CatalogBench{(options.Smoke ? " (smoke)" : "")}: {options.Tenants} tenants, {options.Requests} requests per series " +
    $"after {options.WarmUp} warm-up, {options.Registrations} registrations; largest fixture {largest.Name}" +
    string.Concat(options.Environment.Select(e => $", {e.Key}={e.Value}")));

var results = new List<ModeResult>();
if (options.Embedded)
{
    results.Add(await ModeRun.RunAsync(cluster: false, options, largest, small, synthetic));
}

if (options.Cluster)
{
    results.Add(await ModeRun.RunAsync(cluster: true, options, largest, small, synthetic));
}

var report = new CatalogReport(results, options);
var markdown = report.ToMarkdown();
Console.WriteLine();
Console.Write(markdown);
if (options.Out is { } path)
{
    await File.WriteAllTextAsync(path, markdown);
}

foreach (var miss in report.Misses)
{
    Console.WriteLine("target missed: " + miss);
}

return report.Misses.Count == 0 ? 0 : 1;
