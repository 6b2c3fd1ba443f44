using System.Globalization;
using System.Reflection;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;

namespace McpPlatform.EndToEnd.Tests.Deployment;

/// <summary>
/// No Docker engine runs here, so the images are shown in parts: the Dockerfiles copy what their app is built from,
/// their publish step (deploy/docker/publish.sh) produces apps that start the way the images start them (the dll, the
/// images' environment, the port from ASPNETCORE_HTTP_PORTS) with the settings the manifests give, every probe path
/// of the manifests answers, and the images' HEALTHCHECK command exits 0 or 1.
/// </summary>
public sealed class ContainerImageTests
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static readonly bool BuiltInRelease =
        typeof(ContainerImageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration == "Release";

    [Theory]
    [InlineData("src/Silo/Dockerfile", "src/Silo/McpPlatform.Silo.csproj")]
    [InlineData("src/Frontend/Dockerfile", "src/Frontend/McpPlatform.Frontend.csproj")]
    public void A_Dockerfile_copies_every_project_its_app_is_built_from_before_the_restore(string dockerfile, string project)
    {
        Assert.Equal(DeployFiles.ProjectGraph(project).Order(), DeployFiles.ProjectsCopiedBy(dockerfile).Order());
    }

    [Fact]
    public async Task The_published_silo_and_frontend_start_with_the_manifests_settings_and_answer_every_probe_path()
    {
        var folder = Directory.CreateTempSubdirectory("mcp-published-").FullName;
        try
        {
            var silo = await PublishAsync("src/Silo/McpPlatform.Silo.csproj", Path.Combine(folder, "silo"), "McpPlatform.Silo.dll");
            var frontend = await PublishAsync("src/Frontend/McpPlatform.Frontend.csproj", Path.Combine(folder, "frontend"), "McpPlatform.Frontend.dll");
            var settings = ClusterSettings(await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_published"));

            var siloPort = FreePort.Next();
            await using var siloProcess = StartPublished("published-silo", silo, siloPort, settings);
            await ProbesAnswerAsync(siloProcess, siloPort, "deploy/k8s/base/silo-deployment.yaml");

            var frontendPort = FreePort.Next();
            await using var frontendProcess = StartPublished("published-frontend", frontend, frontendPort, settings);
            await ProbesAnswerAsync(frontendProcess, frontendPort, "deploy/k8s/base/frontend-deployment.yaml");

            // The HEALTHCHECK of the images: the app's own dll, a path on the port of ASPNETCORE_HTTP_PORTS.
            Assert.Equal(0, await HealthCheckAsync(frontend, frontendPort));
            Assert.Equal(0, await HealthCheckAsync(silo, siloPort));
            Assert.Equal(1, await HealthCheckAsync(frontend, FreePort.Next()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The images' publish step. The solution's Release build is reused (--no-build): the image compiles the same
    /// sources with the same settings, and a second compile here would only cost the shared machine time.
    /// </summary>
    private static async Task<string> PublishAsync(string project, string output, string dll)
    {
        string[] arguments = BuiltInRelease ? [project, output, "--no-build"] : [project, output];
        var (exitCode, stdout, stderr) = await ChildProcess.RunAsync(DeployFiles.Path("deploy/docker/publish.sh"), arguments, PublishTimeout);
        Assert.True(exitCode == 0, $"publish of {project} failed ({exitCode}):\n{stdout}\n{stderr}");
        var path = Path.Combine(output, dll);
        Assert.True(File.Exists(path), $"{path} was not published");
        return path;
    }

    /// <summary>
    /// What deploy/k8s/base/platform.env gives both apps, on this machine: free ports, a cluster of their own, no
    /// Kubernetes hosting (no pod, no API server here), and the Secret's values.
    /// </summary>
    private static Dictionary<string, string?> ClusterSettings(string postgres)
    {
        var settings = DeployFiles.PlatformSettings();
        Assert.Equal("Cluster", settings["Platform__Mode"]);
        settings["Platform__Cluster__Kubernetes"] = "false";
        settings["Platform__Cluster__ClusterId"] = "e2e-published-" + Guid.NewGuid().ToString("N")[..8];
        settings["Platform__Cluster__SiloPort"] = Port(FreePort.Next());
        settings["Platform__Cluster__GatewayPort"] = Port(FreePort.Next());
        settings["ConnectionStrings__Postgres"] = postgres;
        settings["Platform__Secrets__EncryptionKey"] = PlatformProcesses.SecretsKey;
        settings["Platform__AdminKey"] = PlatformProcesses.OperatorKey;
        return settings;
    }

    /// <summary>Started as the image's entry point starts it: the dll, from its folder, listening where ASPNETCORE_HTTP_PORTS says.</summary>
    private static ChildProcess StartPublished(string name, string dll, int httpPort, Dictionary<string, string?> settings)
    {
        var environment = new Dictionary<string, string?>(settings)
        {
            ["ASPNETCORE_HTTP_PORTS"] = Port(httpPort),
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_ENVIRONMENT"] = null,
        };
        return ChildProcess.StartDotnet(name, dll, [], environment, Path.GetDirectoryName(dll));
    }

    private static async Task ProbesAnswerAsync(ChildProcess process, int port, string manifest)
    {
        var paths = DeployFiles.ProbePaths(manifest);
        Assert.Equal(new[] { "/health/startup", "/health/ready", "/health/live" }, paths);
        foreach (var path in paths)
        {
            // Each path gets the start-up time: readiness may come a moment after startup (a frontend's first gateway).
            await process.WaitForHttpAsync(Url(port, path), StartTimeout);
        }
    }

    private static async Task<int> HealthCheckAsync(string dll, int port)
    {
        var (exitCode, _, _) = await ChildProcess.RunAsync(
            "dotnet", [dll, "--health-check", "/health/live"], TimeSpan.FromSeconds(60), Path.GetDirectoryName(dll),
            new Dictionary<string, string?> { ["ASPNETCORE_HTTP_PORTS"] = Port(port) });
        return exitCode;
    }

    private static string Url(int port, string path) => $"http://127.0.0.1:{Port(port)}{path}";

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
