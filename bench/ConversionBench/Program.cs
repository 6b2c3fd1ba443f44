using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using McpPlatform.Bench.Common;
using McpPlatform.Bench.Conversion;
using McpPlatform.OpenApi;

// dotnet run -c Release --project bench/ConversionBench            full BenchmarkDotNet run (about a minute)
// dotnet run -c Release --project bench/ConversionBench -- --smoke  one conversion of each document, for CI
if (args.Contains("--smoke"))
{
    var twilio = File.ReadAllText(ConversionBenchmarks.LargestTwilioPath());
    var synthetic = SyntheticDocument.Create(2_000);
    foreach (var (name, text) in new[] { ("largest Twilio fixture", twilio), ("synthetic 2,000 operations", synthetic) })
    {
        var clock = Stopwatch.StartNew();
        var tools = OpenApiConverter.Convert(text, new ConversionOptions()).Tools.Count;
        Console.WriteLine($"smoke: {name}: {tools} tools in {clock.Elapsed.TotalMilliseconds:F0} ms (cold)");
    }

    return;
}

var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkRunner.Run<ConversionBenchmarks>(config, args);
