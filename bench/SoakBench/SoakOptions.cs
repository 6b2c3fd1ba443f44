using System.Globalization;
using McpPlatform.Bench.Common;

namespace McpPlatform.Bench.Soak;

/// <summary>The bench's command line.</summary>
public sealed record SoakOptions
{
    public const string Usage = """
        dotnet run -c Release --project bench/SoakBench -- [options]
          --duration S       seconds of load, default 600 (at least 60, at most 14400); the slope is taken over the second half
          --sample-every S   seconds between memory samples of every process, default 15
          --sessions N       concurrent agents, default 6 (one of them sessionless)
          --tenants N        tenants, each with its own key and API, default 3
          --change-every S   seconds between changes of some tenant's tools, default 20
          --smoke            a few seconds and no verdict: shows the bench still runs (test.sh)
          --env KEY=VALUE    a setting for every platform process (repeatable)
          --out FILE         where the report goes (default: bench/results/soak-<UTC time>.md)
        """;

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromSeconds(15);

    public int Sessions { get; init; } = 6;

    public int Tenants { get; init; } = 3;

    public TimeSpan ChangeEvery { get; init; } = TimeSpan.FromSeconds(20);

    public bool Smoke { get; init; }

    public Dictionary<string, string?> Environment { get; } = [];

    public string? Output { get; init; }

    public static SoakOptions Parse(string[] args)
    {
        var options = new SoakOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            int Number(int min, int max)
            {
                var name = args[i];
                var value = Value();
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n
                    : throw new ArgumentException($"{name} takes a whole number from {min} to {max}, not '{value}'.\n{Usage}");
            }

            options = args[i] switch
            {
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Number(60, 14_400)) },
                "--sample-every" => options with { SampleEvery = TimeSpan.FromSeconds(Number(1, 600)) },
                "--sessions" => options with { Sessions = Number(2, 64) },
                "--tenants" => options with { Tenants = Number(1, 50) },
                "--change-every" => options with { ChangeEvery = TimeSpan.FromSeconds(Number(1, 3600)) },
                "--smoke" => options with { Smoke = true, Duration = TimeSpan.FromSeconds(10), SampleEvery = TimeSpan.FromSeconds(3), ChangeEvery = TimeSpan.FromSeconds(4) },
                "--out" => options with { Output = Value() },
                "--env" => options.WithSetting(Value()),
                "--help" or "-h" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }

        return options;
    }

    private SoakOptions WithSetting(string pair)
    {
        BenchSettings.Add(Environment, pair);
        return this;
    }
}
