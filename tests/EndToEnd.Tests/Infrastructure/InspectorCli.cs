using System.Text.Json;
using McpPlatform.TestCommon.Processes;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The MCP Inspector's CLI mode (<c>mcp-inspector --cli</c>, npm <c>@modelcontextprotocol/inspector</c>, pinned in
/// <c>tests/clients/package.json</c>). Inspector 2.x needs Node 22, so it runs under the Node 22 binary that the npm
/// package <c>node</c> (pinned there too) installs into <c>tests/clients/node_modules</c>.
/// </summary>
public static class InspectorCli
{
    private static string Clients => BuiltApps.NodeClients;

    private static string Node22 => Path.Combine(Clients, "node_modules", "node", "bin", "node");

    private static string Launcher => Path.Combine(Clients, "node_modules", ".bin", "mcp-inspector");

    /// <summary>
    /// Runs <c>mcp-inspector --cli &lt;url&gt; --transport http --header "Authorization: Bearer …" --format json …</c>
    /// and returns the <c>result</c> of its one JSON document on stdout.
    /// </summary>
    public static async Task<JsonElement> RunAsync(string url, string token, string protocolEra, params string[] arguments)
    {
        foreach (var file in new[] { Node22, Launcher })
        {
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"{file} is missing: run 'npm ci' in {Clients} first (test.sh does).");
            }
        }

        // The Inspector keeps state under ~/.mcp-inspector; give each run its own home so the tests leave nothing behind.
        var home = Path.Combine(Path.GetTempPath(), "mcp-inspector-home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        string[] command =
        [
            Launcher, "--cli", url,
            "--transport", "http",
            "--header", $"Authorization: Bearer {token}",
            "--protocol-era", protocolEra,
            "--connect-timeout", "30000",
            "--format", "json",
            .. arguments,
        ];
        try
        {
            var (exitCode, stdout, stderr) = await RunAsync(Node22, command, home, TimeSpan.FromSeconds(90));
            var shown = $"mcp-inspector {string.Join(' ', command.Skip(1).Select(a => a.StartsWith("Authorization:", StringComparison.Ordinal) ? "Authorization: Bearer <key>" : a))}";
            Assert.True(exitCode == 0, $"{shown} exited with {exitCode}.\nstdout: {stdout}\nstderr: {stderr}");
            var document = JsonDocument.Parse(stdout.Trim()).RootElement.Clone();
            Assert.True(document.TryGetProperty("result", out var result), $"{shown}: no 'result' in its output.\nstdout: {stdout}\nstderr: {stderr}");
            return result;
        }
        finally
        {
            try { Directory.Delete(home, recursive: true); } catch (IOException) { }
        }
    }

    private static Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string fileName, IEnumerable<string> arguments, string home, TimeSpan timeout) =>
        ChildProcess.RunAsync(fileName, arguments, timeout, Clients, new Dictionary<string, string?>
        {
            // The Inspector keeps state under HOME; each run gets its own.
            ["HOME"] = home,
            ["NO_COLOR"] = "1",
            ["CI"] = "1",
        });
}
