using System.Globalization;
using System.Security.Cryptography;
using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;

namespace McpPlatform.Bench.Common;

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

    /// <summary>The PostgreSQL server of a cluster run (its processes count as the platform's), or null.</summary>
    public PostgresServer? Postgres { get; private set; }

    /// <param name="cluster">One silo and one frontend on PostgreSQL; otherwise the embedded quick start.</param>
    /// <param name="environment">Settings for every platform process (configuration keys with <c>__</c>).</param>
    public static async Task<BenchPlatform> StartAsync(bool cluster, IReadOnlyDictionary<string, string?> environment)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging__LogLevel__Default"] = "Warning",
            // Bench upstreams listen on loopback, which a cluster refuses by default.
            ["Platform__Upstreams__AllowPrivateNetworks"] = "true",
        };
        foreach (var (key, value) in environment)
        {
            settings[key] = value;
        }

        if (!cluster)
        {
            var directory = Path.Combine(Path.GetTempPath(), "mcp-bench-" + Guid.NewGuid().ToString("N"));
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

        var server = await PostgresServer.GetAsync();
        // The test server's connection strings turn pooling off (so tests can drop databases); a deployment pools.
        var postgres = await server.CreateDatabaseAsync("bench") + ";Pooling=true";
        var platformCluster = new BenchPlatform(null) { Postgres = server };
        var common = new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings__Postgres"] = postgres,
            ["Platform__Database__Provider"] = "Postgres",
            ["Platform__Cluster__ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
            ["Platform__Secrets__EncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        // A silo does not start without the key that seals tenants' upstream secrets; a run makes up its own.
        common.TryAdd("Platform__Secrets__EncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var siloUrl = Url(FreePort.Next());
        var silo = ChildProcess.StartDotnet("silo", BuiltApps.Silo, ["--urls", siloUrl], new Dictionary<string, string?>(common)
        {
            ["Platform__Cluster__SiloPort"] = Port(FreePort.Next()),
            ["Platform__Cluster__GatewayPort"] = Port(FreePort.Next()),
        });
        platformCluster.processes.Add(silo);
        await silo.WaitForHttpAsync(siloUrl + "/health/ready", StartTimeout);
        await platformCluster.StartFrontendAsync("frontend", new(common) { ["Platform__Mode"] = "Cluster" });
        return platformCluster;
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
