using System.Diagnostics;
using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;

namespace McpPlatform.OpenApi.RoundTrip.Tests.Support;

/// <summary>One Prism mock server (<c>prism mock</c>) for one document, on a free loopback port.</summary>
public sealed class PrismMock : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private ChildProcess process;

    private PrismMock(ChildProcess process, int port, string documentPath)
    {
        this.process = process;
        DocumentPath = documentPath;
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
    }

    public string DocumentPath { get; }

    /// <summary>Prism 5 mock mode routes on the document's path templates alone: the server URL's path is not part of the route.</summary>
    public Uri BaseUrl { get; private set; }

    /// <summary>How often Prism crashed on a request and was started again.</summary>
    public int Restarts { get; private set; }

    /// <summary>Prism crashes on some valid requests (e.g. an absent optional array header); start it again for the next ones.</summary>
    public async Task RestartAsync()
    {
        await process.DisposeAsync();
        var (fresh, failure) = await StartAsync(DocumentPath);
        if (fresh is null) throw new InvalidOperationException($"Prism could not be restarted: {failure}");
        process = fresh.process;
        BaseUrl = fresh.BaseUrl;
        Restarts++;
    }

    public string Output => process.Output;

    public bool HasExited => process.HasExited;

    public static string PackageDirectory => Path.Combine(RepositoryPaths.Root, "tests", "roundtrip");

    public static string Cli => Path.Combine(PackageDirectory, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");

    /// <summary>Runs the CLI but answers 500 (x-roundtrip-prism-crash) where Prism would crash, see tests/roundtrip/prism-mock.cjs.</summary>
    public static string Launcher => Path.Combine(PackageDirectory, "prism-mock.cjs");

    public static void EnsureInstalled()
    {
        if (!File.Exists(Cli))
            throw new InvalidOperationException($"Prism is not installed ({Cli} is missing): run npm ci in tests/roundtrip.");
    }

    /// <summary>
    /// Starts Prism; returns the server, or null and Prism's reason when it cannot load the document. A start that dies
    /// without a reason (the free port taken in the meantime, say) is tried again on another port.
    /// </summary>
    public static async Task<(PrismMock? Mock, string? Failure)> StartAsync(string documentPath)
    {
        EnsureInstalled();
        string? failure = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (mock, reason, fatal) = await TryStartAsync(documentPath);
            if (mock is not null) return (mock, null);
            failure = reason;
            if (fatal) break;
        }
        return (null, failure);
    }

    private static async Task<(PrismMock? Mock, string? Failure, bool Fatal)> TryStartAsync(string documentPath)
    {
        var port = FreePort.Next();
        var process = ChildProcess.Start($"prism {Path.GetFileName(documentPath)}", "node",
            [Launcher, "mock", documentPath, "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--errors=false"],
            new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["FORCE_COLOR"] = "0" },
            PackageDirectory);
        var mock = new PrismMock(process, port, documentPath);
        var watch = Stopwatch.StartNew();
        try
        {
            await process.WaitForOutputAsync(line => line.Contains("Prism is listening on", StringComparison.Ordinal), StartTimeout);
            return (mock, null, false);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            var lines = process.Output.Split('\n');
            var fatal = lines.FirstOrDefault(l => l.Contains("fatal", StringComparison.Ordinal));
            await mock.DisposeAsync();
            if (fatal is not null) return (null, fatal[(fatal.IndexOf("fatal", StringComparison.Ordinal) + 5)..].Trim(), true);
            return (null, $"Prism did not start within {watch.Elapsed.TotalSeconds:F0}s: {string.Join(" | ", lines.TakeLast(12))}", false);
        }
    }

    public async ValueTask DisposeAsync() => await process.DisposeAsync();
}
