using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.TestCommon.Processes;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A tiny MCP server that wants an OAuth Bearer token as the platform's tenant endpoint does
/// (<c>tests/clients/protected-mcp-server.mjs</c>: 401 with <c>WWW-Authenticate: Bearer resource_metadata=…</c>,
/// RFC 9728 metadata, JWTs checked with jose against the issuer's JWKS). One tool, <c>whoami</c>, answers the token's
/// claims. For trying the OAuth clients without the platform.
/// </summary>
public sealed class ProtectedMcpServer : IAsyncDisposable
{
    private readonly ChildProcess process;

    private ProtectedMcpServer(ChildProcess process, string url)
    {
        this.process = process;
        Url = url;
    }

    /// <summary>The MCP URL, <c>http://127.0.0.1:P/t/acme/mcp</c>; also the resource (token audience).</summary>
    public string Url { get; }

    /// <summary>What the server wrote: "request METHOD PATH STATUS" lines and why it refused tokens.</summary>
    public string Output => process.Output;

    public static async Task<ProtectedMcpServer> StartAsync(string issuer, params string[] requiredScopes)
    {
        NodeScript.EnsureInstalled();
        var configFile = Path.Combine(Path.GetTempPath(), $"protected-mcp-{Guid.NewGuid():N}.json");
        var config = new JsonObject
        {
            ["port"] = 0,
            ["issuer"] = issuer,
            ["path"] = "/t/acme/mcp",
            ["requiredScopes"] = new JsonArray(requiredScopes.Select(s => (JsonNode)s).ToArray()),
        };
        await File.WriteAllTextAsync(configFile, config.ToJsonString());
        var process = ChildProcess.Start("protected-mcp-server", "node", [Path.Combine(BuiltApps.NodeClients, "protected-mcp-server.mjs"), configFile], workingDirectory: BuiltApps.NodeClients);
        try
        {
            var ready = await process.WaitForOutputAsync(line => line.StartsWith("{\"ready\":true", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            return new ProtectedMcpServer(process, JsonDocument.Parse(ready).RootElement.GetProperty("url").GetString()!);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        finally
        {
            File.Delete(configFile); // read at start
        }
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
