using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;

namespace McpPlatform.Bench.Load;

/// <summary>
/// The gateway a user would otherwise pick: the npm package <c>@ivotoby/openapi-mcp-server</c> in Streamable HTTP mode,
/// on the same upstream and document. Installed by the bench into a temp folder (never into the repository).
/// </summary>
public sealed class PeerGateway : IAsyncDisposable
{
    public const string Package = "@ivotoby/openapi-mcp-server";
    public const string Version = "1.16.1";
    private static readonly string InstallDirectory = Path.Combine(Path.GetTempPath(), $"mcp-bench-peer-{Version}");
    private readonly ChildProcess process;
    private readonly string documentPath;

    private PeerGateway(ChildProcess process, string documentPath, string endpoint)
    {
        this.process = process;
        this.documentPath = documentPath;
        Endpoint = new Uri(endpoint);
    }

    public Uri Endpoint { get; }

    public int ProcessId => process.Id;

    public static async Task<PeerGateway> StartAsync(string upstreamBaseUrl, string document)
    {
        var entry = Path.Combine(InstallDirectory, "node_modules", Package, "bin", "mcp-server.js");
        if (!File.Exists(entry))
        {
            Directory.CreateDirectory(InstallDirectory);
            var (exit, _, error) = await ChildProcess.RunAsync(
                "npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", InstallDirectory, $"{Package}@{Version}"],
                timeout: TimeSpan.FromMinutes(5));
            if (exit != 0 || !File.Exists(entry))
            {
                throw new InvalidOperationException($"npm install {Package}@{Version} failed ({exit}): {error}");
            }
        }

        var documentPath = Path.Combine(Path.GetTempPath(), $"mcp-bench-peer-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(documentPath, document);
        var port = FreePort.Next();
        // Node runs the package's entry itself (not npx), so the measured process is the gateway and nothing else.
        var process = ChildProcess.Start("peer", "node",
        [
            entry, "--transport", "http", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--api-base-url", upstreamBaseUrl, "--openapi-spec", documentPath,
            // Tool names as the document gives them (the default shortens listItems to lst-items).
            "--disable-abbreviation", "true",
        ], new Dictionary<string, string?> { ["VERBOSE"] = "false" });
        var gateway = new PeerGateway(process, documentPath, $"http://127.0.0.1:{port}/mcp");
        await process.WaitForHttpAsync($"http://127.0.0.1:{port}/health", TimeSpan.FromSeconds(60));
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        File.Delete(documentPath);
    }
}
