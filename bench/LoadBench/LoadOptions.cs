using McpPlatform.Bench.Common;
using System.Globalization;

namespace McpPlatform.Bench.Load;

/// <summary>The bench's command line.</summary>
public sealed record LoadOptions
{
    public const string Usage = """
        dotnet run -c Release --project bench/LoadBench -- [options]
          --sessions N        concurrent MCP sessions (closed loop), default 8
          --duration S        measured seconds per run, default 20
          --warm-up S         unmeasured seconds before each run, default 30 (.NET's tiered JIT needs that
                              long on two busy cores to reach steady state; shorter runs measure the JIT)
          --targets LIST      comma-separated of direct,embedded,embedded-oauth,cluster,peer (default: all);
                              embedded-oauth is the embedded platform with agents signing in by JWT instead of a key
          --calls LIST        comma-separated of read,write (default: both)
          --env KEY=VALUE     a setting for every platform process (repeatable), e.g. Platform__Audit__Enabled=false
          --out FILE          where the results table goes (default: bench/results/load-<UTC time>.md)
          --smoke             a few seconds per run, for CI: 2 sessions, 1 s warm-up, 2 s measured
        """;

    public int Sessions { get; init; } = 8;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(30);
    public static readonly IReadOnlyList<string> AllTargets = ["direct", "embedded", "embedded-oauth", "cluster", "peer"];

    public IReadOnlySet<string> Targets { get; init; } = AllTargets.ToHashSet();
    public IReadOnlySet<string> Calls { get; init; } = new HashSet<string> { "read", "write" };
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    public string? Output { get; init; }
    public bool Smoke { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            TimeSpan Seconds() => TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture));
            options = args[i] switch
            {
                "--sessions" => options with { Sessions = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--duration" => options with { Duration = Seconds() },
                "--warm-up" => options with { WarmUp = Seconds() },
                "--targets" => options with { Targets = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() },
                "--calls" => options with { Calls = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() },
                "--env" => options with { Environment = WithSetting(options.Environment, Value()) },
                "--out" => options with { Output = Value() },
                "--smoke" => options with { Smoke = true, Sessions = 2, WarmUp = TimeSpan.FromSeconds(1), Duration = TimeSpan.FromSeconds(2) },
                "--help" or "-h" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }

        var unknown = options.Targets.Except(AllTargets).ToList();
        return unknown.Count == 0 ? options : throw new ArgumentException($"Unknown target {string.Join(", ", unknown)}.\n{Usage}");
    }

    private static Dictionary<string, string?> WithSetting(IReadOnlyDictionary<string, string?> settings, string pair)
    {
        var next = new Dictionary<string, string?>(settings);
        BenchSettings.Add(next, pair);
        return next;
    }
}
