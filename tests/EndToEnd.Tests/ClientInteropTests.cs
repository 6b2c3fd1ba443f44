using System.Text.Json;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using static McpPlatform.EndToEnd.Tests.Infrastructure.NodeMcpSession;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>
/// Interop with real MCP clients over Streamable HTTP against one tenant of one embedded platform: the official
/// TypeScript SDK client (its latest revision and 2025-03-26), the C# SDK client (sessionless 2026-07-28 and
/// 2025-06-18), and the MCP Inspector CLI. Each lists the tools and calls <c>listContacts</c>, which must return the
/// sample API's seeded contacts. The TypeScript and C# SDK clients do the same over the 2024-11-05 HTTP+SSE transport
/// (<c>/t/acme/sse</c>).
/// </summary>
public sealed class ClientInteropTests(ClientInteropFixture platform) : IClassFixture<ClientInteropFixture>
{
    private const string SeededEmail = "ada@example.com";
    private static readonly string[] CrmTools = ["listContacts", "createContact", "getContact", "listTickets", "createTicket", "getTicket"];
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(null, "2025-11-25")]        // the SDK's LATEST_PROTOCOL_VERSION
    [InlineData("2025-03-26", "2025-03-26")]
    public Task TypeScript_sdk_client_lists_and_calls_tools(string? requested, string expected) => platform.RunAsync(async () =>
    {
        var session = await TsSdkClient.RunAsync(platform.McpUrl, platform.AgentKey, requested, ListTools(), CallTool("listContacts"));
        var log = session.GetProperty("requests").ToString();

        Assert.Equal(expected, session.GetProperty("protocolVersion").GetString());
        Assert.False(string.IsNullOrEmpty(session.GetProperty("sessionId").GetString()), $"an initialize-based client gets a session: {session}");
        // Every request after initialize carries the negotiated revision in MCP-Protocol-Version.
        var requests = session.GetProperty("requests").EnumerateArray().ToList();
        Assert.Equal("initialize", requests[0].GetProperty("rpc").GetString());
        Assert.All(requests.Skip(1), r => Assert.True(
            r.TryGetProperty("protocolVersion", out var header) && header.GetString() == expected, $"request without MCP-Protocol-Version {expected}: {r}\nall: {log}"));
        Assert.All(requests, r => Assert.True(r.GetProperty("status").GetInt32() is 200 or 202, $"request failed: {r}\nall: {log}"));

        var results = session.GetProperty("results");
        var names = results[0].GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.All(CrmTools, tool => Assert.Contains(tool, names));

        var listed = results[1];
        Assert.False(listed.TryGetProperty("isError", out var isError) && isError.GetBoolean(), listed.ToString());
        Assert.Contains(SeededEmail, listed.GetProperty("content")[0].GetProperty("text").GetString());
        var contacts = listed.GetProperty("structuredContent").GetProperty("result");
        Assert.Contains(contacts.EnumerateArray(), c => c.GetProperty("email").GetString() == SeededEmail);
    });

    [Theory]
    [InlineData("2024-11-05")]
    [InlineData(null)]   // the SDK's LATEST_PROTOCOL_VERSION (2025-11-25), over the old transport
    public Task TypeScript_sdk_client_over_legacy_sse_lists_and_calls_tools(string? requested) => platform.RunAsync(async () =>
    {
        var session = await TsSdkClient.RunLegacySseAsync(platform.SseUrl, platform.AgentKey, requested, ListTools(), CallTool("listContacts"));
        var log = session.GetProperty("requests").ToString();

        Assert.Equal(requested ?? "2025-11-25", session.GetProperty("protocolVersion").GetString());
        Assert.False(string.IsNullOrEmpty(session.GetProperty("sessionId").GetString()), $"the endpoint event names a session: {session}");
        var requests = session.GetProperty("requests").EnumerateArray().ToList();
        Assert.Equal("GET", requests[0].GetProperty("method").GetString());
        Assert.Equal(200, requests[0].GetProperty("status").GetInt32());
        Assert.All(requests.Skip(1), r => Assert.True(
            r.GetProperty("method").GetString() == "POST" && r.GetProperty("status").GetInt32() == 202, $"request: {r}\nall: {log}"));

        var results = session.GetProperty("results");
        var names = results[0].GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.All(CrmTools, tool => Assert.Contains(tool, names));
        var listed = results[1];
        Assert.False(listed.TryGetProperty("isError", out var isError) && isError.GetBoolean(), listed.ToString());
        Assert.Contains(SeededEmail, listed.GetProperty("content")[0].GetProperty("text").GetString());
    });

    [Fact]
    public Task CSharp_sdk_client_over_legacy_sse_lists_and_calls_tools() => platform.RunAsync(async () =>
    {
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        using var timeout = new CancellationTokenSource(ClientTimeout);
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(platform.SseUrl),
            TransportMode = HttpTransportMode.Sse,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {platform.AgentKey}" },
        }, http, ownsHttpClient: false);
        await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2024-11-05" }, cancellationToken: timeout.Token);
        Assert.Equal("2024-11-05", client.NegotiatedProtocolVersion);

        var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
        Assert.All(CrmTools, tool => Assert.Contains(tool, tools.Select(t => t.Name)));
        var result = await client.CallToolAsync("listContacts", new Dictionary<string, object?>(), cancellationToken: timeout.Token);
        Assert.True(result.IsError is not true, JsonSerializer.Serialize(result));
        Assert.Contains(SeededEmail, Assert.IsType<TextContentBlock>(result.Content[0]).Text);
        Assert.All(recorder.Entries.Where(e => e.Method == "POST"), e => Assert.True(e.Status == 202, $"{e}\nall:\n{recorder}"));
    });

    [Theory]
    [InlineData(null, "2026-07-28", false)]   // default: server/discover, sessionless
    [InlineData("2025-06-18", "2025-06-18", true)]
    public Task CSharp_sdk_client_lists_and_calls_tools(string? requested, string expected, bool expectSession) => platform.RunAsync(async () =>
    {
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        using var timeout = new CancellationTokenSource(ClientTimeout);
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(platform.McpUrl),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {platform.AgentKey}" },
        }, http, ownsHttpClient: false);
        await using (var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = requested }, cancellationToken: timeout.Token))
        {
            Assert.Equal(expected, client.NegotiatedProtocolVersion);
            Assert.True(expectSession == (client.SessionId is not null), $"session id '{client.SessionId}' (expected one: {expectSession})\n{recorder}");

            var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
            Assert.All(CrmTools, tool => Assert.Contains(tool, tools.Select(t => t.Name)));

            var result = await client.CallToolAsync("listContacts", new Dictionary<string, object?>(), cancellationToken: timeout.Token);
            Assert.True(result.IsError is not true, JsonSerializer.Serialize(result));
            var text = Assert.IsType<TextContentBlock>(result.Content[0]).Text;
            Assert.Contains(SeededEmail, text);
            Assert.Contains(SeededEmail, JsonSerializer.Serialize(result.StructuredContent));
        }

        var log = recorder.ToString();
        var posts = recorder.Entries.Where(e => e.Method == "POST").ToList();
        Assert.Contains(posts, e => e.Rpc == "tools/list");
        Assert.Contains(posts, e => e.Rpc == "tools/call");
        Assert.All(posts.Where(e => e.Rpc is "tools/list" or "tools/call"), e => Assert.True(e.ProtocolVersion == expected && e.Status == 200, $"{e}\nall:\n{log}"));
        if (expectSession)
        {
            Assert.Contains(posts, e => e.Rpc == "initialize" && e.SessionIdIssued is not null);
        }
        else
        {
            Assert.DoesNotContain(recorder.Entries, e => e.Rpc == "initialize" || e.SessionId is not null || e.SessionIdIssued is not null);
        }
    });

    [Theory]
    [InlineData("legacy")]   // initialize with 2025-11-25, a session (Mcp-Session-Id)
    [InlineData("modern")]   // server/discover, 2026-07-28, sessionless
    public Task Inspector_cli_lists_and_calls_tools(string protocolEra) => platform.RunAsync(async () =>
    {
        var list = await InspectorCli.RunAsync(platform.McpUrl, platform.AgentKey, protocolEra, "--method", "tools/list");
        var names = list.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.All(CrmTools, tool => Assert.Contains(tool, names));

        var call = await InspectorCli.RunAsync(platform.McpUrl, platform.AgentKey, protocolEra,
            "--method", "tools/call", "--tool-name", "listContacts", "--tool-arg", "q=ada");
        Assert.False(call.TryGetProperty("isError", out var isError) && isError.GetBoolean(), call.ToString());
        Assert.Contains(SeededEmail, call.GetProperty("content")[0].GetProperty("text").GetString());
        var contacts = call.GetProperty("structuredContent").GetProperty("result").EnumerateArray().ToList();
        Assert.Contains(contacts, c => c.GetProperty("email").GetString() == SeededEmail);
        Assert.All(contacts, c => Assert.Contains("ada", c.GetProperty("email").GetString(), StringComparison.OrdinalIgnoreCase));
    });
}
