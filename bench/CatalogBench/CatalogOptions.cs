using McpPlatform.Bench.Common;
using System.Globalization;

namespace McpPlatform.Bench.Catalog;

/// <summary>The command line; every option is optional, see <see cref="Usage"/>.</summary>
public sealed record CatalogOptions
{
    public const string Usage = """
        dotnet run -c Release --project bench/CatalogBench -- [options]
          --embedded            the embedded quick start only (one process, SQLite)
          --cluster             one silo and one frontend on PostgreSQL only (default: both modes, embedded first)
          --tenants N           tenants registered for the memory measurement (default 1000)
          --requests N          timed requests per latency (default 300, after --warm-up more)
          --warm-up N           untimed rounds of every request kind before a tenant's series (default 30, and at
                                least 5 s of them; then the bench waits for the platform to go quiet), and untimed
                                requests of the kind before each series
          --registrations N     timed registrations of the largest fixture, each into a fresh tenant (default 5)
          --env KEY=VALUE       extra environment for the platform processes (repeatable), e.g. Platform__Mcp__ToolsPageSize=2000
          --out FILE            also write the markdown table to FILE
          --smoke               a few seconds, for CI: embedded only, 20 tenants, 20 requests, a 200-tool synthetic
                                document; no targets checked
        """;

    public bool Embedded { get; init; } = true;
    public bool Cluster { get; init; } = true;
    public int Tenants { get; init; } = 1_000;
    public int Requests { get; init; } = 300;
    public int WarmUp { get; init; } = 30;
    public TimeSpan WarmUpTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait, at most, for the platform to go quiet after a tenant's warm-up.</summary>
    public TimeSpan SettleLimit { get; init; } = TimeSpan.FromSeconds(30);
    public int Registrations { get; init; } = 5;

    /// <summary>Operations (so tools) of the synthetic document: the 2,000, fewer in a smoke run.</summary>
    public int SyntheticOperations { get; init; } = 2_000;
    public string? Out { get; init; }
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    public bool Smoke { get; init; }

    /// <summary>Targets are checked (and a miss fails the run) only in a full run.</summary>
    public bool CheckTargets => !Smoke;

    public static CatalogOptions Parse(string[] args)
    {
        var options = new CatalogOptions();
        bool onlyEmbedded = false, onlyCluster = false;
        var environment = new Dictionary<string, string?>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            int Count() => int.Parse(Value(), CultureInfo.InvariantCulture) is var n and > 0 ? n : throw new ArgumentException($"{args[i - 1]} must be positive.");
            switch (args[i])
            {
                case "--embedded": onlyEmbedded = true; break;
                case "--cluster": onlyCluster = true; break;
                case "--tenants": options = options with { Tenants = Count() }; break;
                case "--requests": options = options with { Requests = Count() }; break;
                case "--warm-up": options = options with { WarmUp = Count() }; break;
                case "--registrations": options = options with { Registrations = Count() }; break;
                case "--out": options = options with { Out = Value() }; break;
                case "--env": BenchSettings.Add(environment, Value()); break;
                case "--smoke": options = options with { Smoke = true, Tenants = 20, Requests = 20, WarmUp = 5, WarmUpTime = TimeSpan.Zero, SettleLimit = TimeSpan.Zero, Registrations = 2, SyntheticOperations = 200 }; break;
                case "--help" or "-h": throw new ArgumentException(Usage);
                default: throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}");
            }
        }

        // Both flags, or neither, mean both modes; a smoke run stays embedded unless --cluster asks otherwise.
        var embedded = onlyEmbedded || !onlyCluster;
        var cluster = onlyCluster || (!onlyEmbedded && !options.Smoke);
        return options with { Embedded = embedded, Cluster = cluster, Environment = environment };
    }
}
