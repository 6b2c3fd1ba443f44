using System.Collections.Concurrent;
using System.Text.Json;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>Logs every HTTP request a client sends: method, JSON-RPC method, MCP-Protocol-Version and session headers, status.</summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<Entry> entries = new();

    public IReadOnlyList<Entry> Entries => entries.ToList();

    public override string ToString() => string.Join('\n', entries);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? rpc = null;
        if (request.Content is not null)
        {
            var body = await request.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                using var json = JsonDocument.Parse(body);
                rpc = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("method", out var m) ? m.GetString() : "response";
            }
            catch (JsonException)
            {
            }
        }

        var response = await base.SendAsync(request, cancellationToken);
        entries.Enqueue(new Entry(
            request.Method.Method,
            rpc,
            Header(request.Headers, "MCP-Protocol-Version"),
            Header(request.Headers, "Mcp-Session-Id"),
            Header(response.Headers, "Mcp-Session-Id"),
            (int)response.StatusCode));
        return response;
    }

    private static string? Header(System.Net.Http.Headers.HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? string.Join(',', values) : null;

    public sealed record Entry(string Method, string? Rpc, string? ProtocolVersion, string? SessionId, string? SessionIdIssued, int Status);
}
