using McpPlatform.Bench.Common;
using System.Globalization;

namespace McpPlatform.Bench.Sessions;

/// <summary>The command line: <c>--name value</c> pairs, every one optional; see <see cref="Usage"/>.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        dotnet run -c Release --project bench/SessionBench -- [options]
          --sessions N          idle sessions to open (default 10000)
          --active N            sessions to open with a GET stream, after the idle phase (default 1000; 0 = none)
          --concurrency N       parallel openers (default 16)
          --local-cache S       seconds a frontend keeps its SDK copy of an idle session (default 60; keep it above
                                the time opening takes, or the first copies are gone before the first measurement)
          --grain-age S         seconds an idle session grain stays in memory (default 120, the platform's default)
          --no-drop             measure only right after opening (skip waiting for the caches to drop sessions)
          --cluster             one silo and one frontend process on PostgreSQL, instead of the embedded quick start
          --hold S              keep the active sessions' streams open S seconds after measuring them, e.g. for
                                dotnet-gcdump (the platform's process ids are printed at start)
          --env KEY=VALUE       extra environment for the platform processes (repeatable), e.g. DOTNET_gcServer=0
          --smoke               a few seconds, for CI: 100 idle and 20 active sessions, no waiting for drops
        """;

    public int Sessions { get; init; } = 10_000;
    public int Active { get; init; } = 1_000;
    public int Concurrency { get; init; } = 16;
    public TimeSpan LocalCache { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan GrainAge { get; init; } = TimeSpan.FromMinutes(2);
    public bool WaitForDrops { get; init; } = true;
    public bool Cluster { get; init; }
    public TimeSpan Hold { get; init; }
    public bool Smoke { get; init; }
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var environment = new Dictionary<string, string?>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            int Count() => int.Parse(Value(), CultureInfo.InvariantCulture);
            TimeSpan Seconds() => TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture));
            options = args[i] switch
            {
                "--sessions" => options with { Sessions = Count() },
                "--active" => options with { Active = Count() },
                "--concurrency" => options with { Concurrency = Count() },
                "--local-cache" => options with { LocalCache = Seconds() },
                "--grain-age" => options with { GrainAge = Seconds() },
                "--no-drop" => options with { WaitForDrops = false },
                "--cluster" => options with { Cluster = true },
                "--hold" => options with { Hold = Seconds() },
                "--smoke" => options with { Smoke = true, Sessions = 100, Active = 20, WaitForDrops = false },
                "--env" => WithSetting(options, environment, Value()),
                "--help" or "-h" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }

        return options with { Environment = environment };
    }

    private static BenchOptions WithSetting(BenchOptions options, Dictionary<string, string?> environment, string pair)
    {
        BenchSettings.Add(environment, pair);
        return options;
    }
}
