using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpPlatform.Contracts.Idempotency;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Frontend.Mcp;

/// <summary>A tool call's idempotency key and where it came from, or why the one given cannot be used.</summary>
public sealed record IdempotencyKeyReading(string? Key, IdempotencyKeySource Source, string? Problem = null);

/// <summary>
/// Finds a tool call's idempotency key: <c>_meta.idempotencyKey</c>, else the POST's <c>Idempotency-Key</c> header,
/// else — in a session — one derived from the session and the JSON-RPC request id, so a client that re-sends the same
/// request gets the first answer. The grains decide whether the tool is a write that uses it.
/// </summary>
public static class IdempotencyKeyReader
{
    /// <summary>Derived keys read <c>mcp-req-</c> and 32 hex digits; the session id itself never leaves the platform.</summary>
    public const string DerivedPrefix = "mcp-req-";

    public static IdempotencyKeyReading Read(RequestContext<CallToolRequestParams> context)
    {
        var fromMeta = context.Params?.Meta?[IdempotencyKeys.MetaProperty];
        string? metaKey = null;
        if (fromMeta is not null)
        {
            if (fromMeta.GetValueKind() != JsonValueKind.String)
            {
                return Problem($"_meta.{IdempotencyKeys.MetaProperty} must be a string.");
            }

            metaKey = fromMeta.GetValue<string>();
        }

        var headerKey = HeaderKey(context, out var headerProblem);
        if (headerProblem is not null)
        {
            return Problem(headerProblem);
        }

        if (metaKey is not null && headerKey is not null && metaKey != headerKey)
        {
            return Problem($"The {IdempotencyKeys.HeaderName} header and _meta.{IdempotencyKeys.MetaProperty} differ; send one key per call.");
        }

        if ((metaKey ?? headerKey) is { } given)
        {
            return IdempotencyKeys.Problem(given) is { } invalid
                ? Problem(invalid)
                : new IdempotencyKeyReading(given, metaKey is not null ? IdempotencyKeySource.Meta : IdempotencyKeySource.Header);
        }

        return context.Server.SessionId is { } sessionId
            ? new IdempotencyKeyReading(Derive(sessionId, context.JsonRpcRequest.Id), IdempotencyKeySource.RequestId)
            : new IdempotencyKeyReading(null, IdempotencyKeySource.None);
    }

    /// <summary>The header of the POST that carried this call (legacy SSE calls run in their stream's GET: no header there).</summary>
    private static string? HeaderKey(MessageContext context, out string? problem)
    {
        problem = null;
        var http = context.Services?.GetService<IHttpContextAccessor>()?.HttpContext;
        if (http is null || !HttpMethods.IsPost(http.Request.Method)
            || !http.Request.Headers.TryGetValue(IdempotencyKeys.HeaderName, out var values))
        {
            return null;
        }

        if (values.Count != 1)
        {
            problem = $"Send one {IdempotencyKeys.HeaderName} header, not {values.Count}.";
            return null;
        }

        return values[0];
    }

    private static string Derive(string sessionId, RequestId requestId)
    {
        // The id's JSON form keeps "1" and 1 apart, as JSON-RPC does.
        var material = sessionId + "\n" + JsonSerializer.Serialize(requestId, McpJsonUtilities.DefaultOptions);
        return DerivedPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)), 0, 16);
    }

    private static IdempotencyKeyReading Problem(string problem) =>
        new(null, IdempotencyKeySource.None, problem + " Nothing was sent to the API.");
}
