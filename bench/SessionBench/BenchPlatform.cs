using System.Globalization;
using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;

namespace McpPlatform.Bench.Sessions;

/// <summary>
/// The platform under measurement, as real processes: the embedded quick start (one process is the whole cluster),
/// or one silo and one frontend on PostgreSQL. Memory is summed over <see cref="Processes"/>: "across the cluster".
/// </summary>
public sealed class BenchPlatform : IAsyncDisposable
{
    public const string OperatorKey = "bench-operator-key-0123456789";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<ChildProcess> processes = [];
    private readonly string? dataDirectory;

    private BenchPlatform(string? dataDirectory) => this.dataDirectory = dataDirectory;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ChildProcess> Processes => processes;

    public static async Task<BenchPlatform> StartAsync(BenchOptions options)
    {
        var settings = new Dictionary<string, string?>(options.Environment)
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["Platform__Mcp__LocalSessionCacheTimeout"] = options.LocalCache.ToString("c", CultureInfo.InvariantCulture),
            ["Platform__Cluster__SessionGrainCollectionAge"] = options.GrainAge.ToString("c", CultureInfo.InvariantCulture),
        };
        if (!options.Cluster)
        {
            var directory = Path.Combine(Path.GetTempPath(), "mcp-session-bench-" + Guid.NewGuid().ToString("N"));
            var platform = new BenchPlatform(directory);
            await platform.StartFrontendAsync("platform", new(settings)
            {
                ["Platform__Mode"] = "Embedded",
                ["Platform__Database__DataDirectory"] = directory,
                ["Platform__Cluster__SiloPort"] = Port(FreePort.Next()),
                ["Platform__Cluster__GatewayPort"] = Port(FreePort.Next()),
                ["ConnectionStrings__Postgres"] = null,
            });
            return platform;
        }

        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("session_bench");
        var cluster = new BenchPlatform(null);
        var common = new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings__Postgres"] = postgres,
            ["Platform__Database__Provider"] = "Postgres",
            ["Platform__Cluster__ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
        };
        var siloUrl = Url(FreePort.Next());
        var silo = ChildProcess.StartDotnet("silo", BuiltApps.Silo, ["--urls", siloUrl], new Dictionary<string, string?>(common)
        {
            ["Platform__Cluster__SiloPort"] = Port(FreePort.Next()),
            ["Platform__Cluster__GatewayPort"] = Port(FreePort.Next()),
        });
        cluster.processes.Add(silo);
        await silo.WaitForHttpAsync(siloUrl + "/health/ready", StartTimeout);
        await cluster.StartFrontendAsync("frontend", new(common) { ["Platform__Mode"] = "Cluster" });
        return cluster;
    }

    public async Task<MemorySample> SampleAsync()
    {
        MemorySample total = new(0, 0, 0);
        foreach (var process in processes)
        {
            total += await MemoryProbe.SampleAsync(process.Id);
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }

        if (dataDirectory is not null)
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task StartFrontendAsync(string name, Dictionary<string, string?> environment)
    {
        BaseUrl = Url(FreePort.Next());
        environment["Platform__AdminKey"] = OperatorKey;
        var frontend = ChildProcess.StartDotnet(name, BuiltApps.Frontend, ["--urls", BaseUrl], environment);
        processes.Add(frontend);
        await frontend.WaitForHttpAsync(BaseUrl + "/health/ready", StartTimeout);
    }

    private static string Url(int port) => $"http://127.0.0.1:{port}";

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
