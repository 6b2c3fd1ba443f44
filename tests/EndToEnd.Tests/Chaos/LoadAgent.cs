using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpPlatform.EndToEnd.Tests.Chaos;

/// <summary>One request the load sends: a tool call (a write carries its idempotency key) or a tool list.</summary>
public sealed record LoadOperation(string Method, string? Tool = null, JsonObject? Arguments = null, string? IdempotencyKey = null)
{
    public static LoadOperation ListTools() => new("tools/list");

    public static LoadOperation Call(string tool, JsonObject arguments, string? idempotencyKey = null) => new("tools/call", tool, arguments, idempotencyKey);

    public string Label => Tool ?? Method;
}

/// <param name="Result">The JSON-RPC result of a success.</param>
public sealed record AttemptResult(AttemptKind Kind, string? Detail = null, JsonElement? Result = null);

/// <summary>
/// An agent of the load over raw Streamable HTTP, each request to the frontend the caller picks: either an
/// initialize-based session (2025-11-25, <c>Mcp-Session-Id</c>) or a sessionless 2026-07-28 client.
/// </summary>
public sealed class LoadAgent(string name, string tenant, string key, bool stateful)
{
    public const string SessionVersion = "2025-11-25";
    public const string SessionlessVersion = "2026-07-28";

    /// <summary>
    /// Longer than a healthy call by far, than the test's idempotency lease (which a repeat may wait out), and than a
    /// lost call takes to be answered with a retriable error (the silo declared dead, ~10–15 s, then the frontend's
    /// next look at the call), as agents' own timeouts are (60 s in the TypeScript SDK).
    /// </summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30), UseProxy = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public string Name => name;

    public bool Stateful => stateful;

    public string? SessionId { get; private set; }

    /// <summary>Opens the session (stateful agents) on <paramref name="frontend"/>.</summary>
    public async Task InitializeAsync(string frontend)
    {
        if (!stateful)
        {
            return;
        }

        using var response = await Http.SendAsync(Request(frontend, null,
            """{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"VERSION","capabilities":{},"clientInfo":{"name":"chaos-load","version":"1"}}}"""
                .Replace("VERSION", SessionVersion, StringComparison.Ordinal), "initialize", null));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{name}: initialize on {frontend} answered {(int)response.StatusCode}: {body}");
        SessionId = response.Headers.GetValues("Mcp-Session-Id").Single();
        using var initialized = await Http.SendAsync(Request(frontend, SessionId, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", "notifications/initialized", null));
        Assert.Equal(HttpStatusCode.Accepted, initialized.StatusCode);
    }

    public async Task<AttemptResult> SendAsync(string frontend, string requestId, LoadOperation operation)
    {
        var parameters = new JsonObject();
        if (operation.Tool is not null)
        {
            parameters["name"] = operation.Tool;
            parameters["arguments"] = operation.Arguments?.DeepClone() ?? new JsonObject();
        }

        if (!stateful)
        {
            parameters["_meta"] = new JsonObject
            {
                ["io.modelcontextprotocol/protocolVersion"] = SessionlessVersion,
                ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
                ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "chaos-load", ["version"] = "1" },
            };
        }

        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = requestId, ["method"] = operation.Method, ["params"] = parameters };
        using var request = Request(frontend, SessionId, message.ToJsonString(), operation.Method, operation.Tool);
        if (operation.IdempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", operation.IdempotencyKey);
        }

        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            using var response = await Http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return Classify(response.StatusCode, body);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new(AttemptKind.TimedOut, $"no answer within {RequestTimeout.TotalSeconds:F0} s");
        }
        catch (HttpRequestException e)
        {
            return new(AttemptKind.ConnectionFailed, e.HttpRequestError.ToString());
        }
    }

    private AttemptResult Classify(HttpStatusCode status, string body)
    {
        var code = (int)status;
        if (code >= 500)
        {
            return new(AttemptKind.ServerError, $"{code} {Excerpt(body)}");
        }

        if (status == HttpStatusCode.NotFound && SessionId is not null)
        {
            return new(AttemptKind.SessionNotFound, Excerpt(body));
        }

        if (code >= 400)
        {
            return new(AttemptKind.ClientError, $"{code} {Excerpt(body)}");
        }

        // Streamable HTTP answers with JSON, or with SSE events whose last one carries the answer.
        var data = body.Split('\n').LastOrDefault(line => line.StartsWith("data:", StringComparison.Ordinal) && line.Contains("\"jsonrpc\"", StringComparison.Ordinal))?["data:".Length..] ?? body;
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(data).RootElement.Clone();
        }
        catch (JsonException)
        {
            return new(AttemptKind.ProtocolError, $"not JSON-RPC: {Excerpt(body)}");
        }

        if (root.TryGetProperty("error", out var error))
        {
            var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            return new(SaysRetry(message) ? AttemptKind.RetryableProtocolError : AttemptKind.ProtocolError, error.ToString());
        }

        if (!root.TryGetProperty("result", out var result))
        {
            return new(AttemptKind.ProtocolError, $"neither result nor error: {Excerpt(data)}");
        }

        if (result.TryGetProperty("isError", out var isError) && isError.GetBoolean())
        {
            var text = result.TryGetProperty("content", out var content) && content.GetArrayLength() > 0 && content[0].TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
            return new(SaysRetry(text) ? AttemptKind.RetryableToolError : AttemptKind.ToolError, Excerpt(text));
        }

        return new(AttemptKind.Success, Result: result);
    }

    /// <summary>An agent (or the model behind it) sends a failed request again when the answer tells it to.</summary>
    private static bool SaysRetry(string message) => message.Contains("retry", StringComparison.OrdinalIgnoreCase);

    private HttpRequestMessage Request(string frontend, string? sessionId, string json, string method, string? tool)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{frontend}/t/{tenant}/mcp")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (stateful)
        {
            if (method != "initialize")
            {
                request.Headers.Add("MCP-Protocol-Version", SessionVersion);
            }

            if (sessionId is not null)
            {
                request.Headers.Add("Mcp-Session-Id", sessionId);
            }
        }
        else
        {
            // 2026-07-28 requests name their method and tool in headers, for routers that do not read bodies.
            request.Headers.Add("MCP-Protocol-Version", SessionlessVersion);
            request.Headers.Add("Mcp-Method", method);
            if (tool is not null)
            {
                request.Headers.Add("Mcp-Name", tool);
            }
        }

        return request;
    }

    private static string Excerpt(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
