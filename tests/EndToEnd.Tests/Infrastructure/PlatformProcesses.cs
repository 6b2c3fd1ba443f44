using System.Globalization;
using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>Starts the platform's apps as separate processes, the way a pod would run them.</summary>
public sealed class PlatformProcesses : IAsyncDisposable
{
    public const string OperatorKey = "e2e-operator-key-0123456789";

    /// <summary>The key silos seal upstream secrets with (required in a cluster; the same on every silo).</summary>
    public const string SecretsKey = "ZTJlLXNlY3JldHMta2V5LTAxMjM0NTY3ODlhYmNkZWY=";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<ChildProcess> processes = [];
    private readonly string clusterId = "e2e-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A silo of the cluster on PostgreSQL; returns once it is ready.</summary>
    /// <param name="environment">Settings on top of the defaults (a null value removes one).</param>
    public async Task<ChildProcess> StartSiloAsync(string name, string postgres, IDictionary<string, string?>? environment = null)
    {
        var (silo, url) = StartSilo(name, postgres, environment);
        await silo.WaitForHttpAsync(url + "/health/ready", StartTimeout);
        return silo;
    }

    /// <summary>A silo process, not waited for (it may be meant to fail); returns it and its HTTP base URL.</summary>
    public (ChildProcess Process, string BaseUrl) StartSilo(string name, string postgres, IDictionary<string, string?>? environment = null)
    {
        var http = FreePort.Next();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = postgres,
            ["Platform__Database__Provider"] = "Postgres",
            ["Platform__Cluster__ClusterId"] = clusterId,
            ["Platform__Cluster__SiloPort"] = Port(FreePort.Next()),
            ["Platform__Cluster__GatewayPort"] = Port(FreePort.Next()),
            ["Platform__Secrets__EncryptionKey"] = SecretsKey,
            // The tests' upstreams (the sample API, test servers) run on this machine.
            ["Platform__Upstreams__AllowPrivateNetworks"] = "true",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var silo = ChildProcess.StartDotnet(name, BuiltApps.Silo, ["--urls", Url(http)], settings);
        processes.Add(silo);
        return (silo, Url(http));
    }

    /// <summary>A frontend as an Orleans client of the cluster; returns its base URL once it is ready.</summary>
    /// <param name="environment">Settings on top of the defaults (a null value removes one).</param>
    public async Task<(ChildProcess Process, string BaseUrl)> StartClusterFrontendAsync(string name, string postgres, IDictionary<string, string?>? environment = null)
    {
        var (frontend, url) = StartClusterFrontend(name, postgres, environment);
        await frontend.WaitForHttpAsync(url + "/health/ready", StartTimeout);
        return (frontend, url);
    }

    /// <summary>A cluster frontend process, not waited for (it may have no silo to connect to yet); returns it and its base URL.</summary>
    public (ChildProcess Process, string BaseUrl) StartClusterFrontend(string name, string postgres, IDictionary<string, string?>? environment = null)
    {
        var http = FreePort.Next();
        var settings = new Dictionary<string, string?>
        {
            ["Platform__Mode"] = "Cluster",
            ["Platform__AdminKey"] = OperatorKey,
            ["ConnectionStrings__Postgres"] = postgres,
            ["Platform__Database__Provider"] = "Postgres",
            ["Platform__Cluster__ClusterId"] = clusterId,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var frontend = ChildProcess.StartDotnet(name, BuiltApps.Frontend, ["--urls", Url(http)], settings);
        processes.Add(frontend);
        return (frontend, Url(http));
    }

    /// <summary>The single-process quick start: a frontend co-hosting a silo on SQLite under <paramref name="dataDirectory"/>.</summary>
    /// <param name="settings">Settings on top of the defaults (a null value removes one).</param>
    public async Task<(ChildProcess Process, string BaseUrl)> StartEmbeddedAsync(
        string name, string dataDirectory, int httpPort, string? operatorKey = OperatorKey, IDictionary<string, string?>? settings = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Platform__Mode"] = "Embedded",
            ["Platform__Database__DataDirectory"] = dataDirectory,
            ["Platform__Cluster__SiloPort"] = Port(FreePort.Next()),
            ["Platform__Cluster__GatewayPort"] = Port(FreePort.Next()),
            ["Platform__Upstreams__AllowPrivateNetworks"] = "true",
            // Make sure no PostgreSQL setting from the environment leaks into the embedded default.
            ["ConnectionStrings__Postgres"] = null,
        };
        if (operatorKey is not null)
        {
            environment["Platform__AdminKey"] = operatorKey;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var frontend = ChildProcess.StartDotnet(name, BuiltApps.Frontend, ["--urls", Url(httpPort)], environment);
        processes.Add(frontend);
        await frontend.WaitForHttpAsync(Url(httpPort) + "/health/ready", StartTimeout);
        return (frontend, Url(httpPort));
    }

    /// <summary>The sample CRM API; returns its base URL.</summary>
    public async Task<string> StartCrmApiAsync()
    {
        var http = FreePort.Next();
        var crm = ChildProcess.StartDotnet("crm-api", BuiltApps.CrmApi, ["--urls", Url(http)]);
        processes.Add(crm);
        await crm.WaitForHttpAsync(Url(http) + "/openapi/v1.json", StartTimeout);
        return Url(http);
    }

    public string Diagnostics => string.Join("\n\n", processes.Select(p => $"--- {p.Name} ---\n{p.Output}"));

    /// <summary>Runs a test body; a failure carries every process's output.</summary>
    public async Task RunAsync(Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"{e}\n\nProcess output:\n{Diagnostics}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }
    }

    private static string Url(int port) => $"http://127.0.0.1:{port}";

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
