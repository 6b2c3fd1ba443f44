using BenchmarkDotNet.Attributes;
using McpPlatform.Bench.Common;
using McpPlatform.OpenApi;

namespace McpPlatform.Bench.Conversion;

[MemoryDiagnoser]
public class ConversionBenchmarks
{
    private static readonly ConversionOptions Defaults = new();
    private string twilio = "";
    private string synthetic = "";

    /// <summary>The largest Twilio fixture (by size).</summary>
    public static string LargestTwilioPath() =>
        Directory.GetFiles(Path.Combine(Fixtures.OpenApiDirectory, "twilio"), "*.json").OrderByDescending(f => new FileInfo(f).Length).First();

    [GlobalSetup]
    public void Setup()
    {
        twilio = File.ReadAllText(LargestTwilioPath());
        synthetic = SyntheticDocument.Create(2_000);
    }

    [Benchmark(Description = "largest Twilio fixture")]
    public int Twilio() => OpenApiConverter.Convert(twilio, Defaults).Tools.Count;

    [Benchmark(Description = "synthetic 2,000 operations")]
    public int Synthetic2000() => OpenApiConverter.Convert(synthetic, Defaults).Tools.Count;
}
