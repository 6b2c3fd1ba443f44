using System.Buffers;
using System.Text.Json;
using McpPlatform.Contracts.Sessions;
using McpPlatform.Frontend.Mcp;
using McpPlatform.Frontend.Sessions;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Frontend.LegacySse;

/// <summary>
/// <c>POST /t/{tenant}/message?sessionId=…</c> on any frontend: a client message for a legacy SSE session. It is
/// checked here (size, JSON-RPC shape), then goes to the session's server on the frontend holding the stream —
/// directly if that is this one, else through the session's grain, which also checks tenant and principal.
/// 202 once the holder has queued it; the answer travels on the stream.
/// </summary>
public sealed class LegacySseMessages(IClusterClient cluster, LegacySseSessions sessions, IOptionsMonitor<McpEndpointOptions> options)
{
    public const string SessionIdParameter = "sessionId";

    public async Task PostAsync(HttpContext context)
    {
        string? sessionId = context.Request.Query[SessionIdParameter];
        if (string.IsNullOrEmpty(sessionId))
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, JsonRpcErrorResponse.InvalidRequest,
                $"Missing '{SessionIdParameter}' query parameter: post to the URL the SSE stream's endpoint event gave.");
            return;
        }

        var limit = options.CurrentValue.MaxRequestBodyBytes;
        byte[]? body;
        try
        {
            body = await ReadBodyAsync(context.Request, limit, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body = null;
        }

        if (body is null)
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, JsonRpcErrorResponse.InvalidRequest,
                $"The request body is larger than {limit} bytes.");
            return;
        }

        var (message, error) = Parse(body);
        if (message is null)
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, error.Code, error.Message, error.Id);
            return;
        }

        var tenant = GrainSessionMigrationHandler.TenantOf(context);
        var principal = GrainSessionMigrationHandler.PrincipalOf(context.User);
        var delivered = sessions.TryGet(sessionId, out var local)
            ? local.BelongsTo(tenant, principal) && await local.TryDeliverAsync(message, context.RequestAborted)
            : await cluster.GetGrain<ILegacySseSessionGrain>(sessionId).DeliverAsync(tenant, principal, body) == LegacySseDelivery.Delivered;
        if (!delivered)
        {
            // The same answer for unknown, ended and someone else's session.
            await JsonRpcErrorResponse.SessionNotFoundAsync(context, (message as JsonRpcMessageWithId)?.Id);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("Accepted", context.RequestAborted);
    }

    /// <summary>One JSON-RPC message (batches are not part of 2024-11-05), or the error to answer.</summary>
    private static (JsonRpcMessage? Message, (int Code, string Message, RequestId? Id) Error) Parse(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return (null, (JsonRpcErrorResponse.ParseError, "Parse error: the body is not JSON (" + e.Message + ")", null));
        }

        using (document)
        {
            var root = document.RootElement;
            RequestId? id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var given)
                ? given.ValueKind switch
                {
                    JsonValueKind.String => new RequestId(given.GetString()!),
                    JsonValueKind.Number when given.TryGetInt64(out var number) => new RequestId(number),
                    _ => null,
                }
                : null;
            try
            {
                if (root.ValueKind == JsonValueKind.Object && root.Deserialize<JsonRpcMessage>(McpJsonUtilities.DefaultOptions) is { } message)
                {
                    return (message, default);
                }
            }
            catch (JsonException e)
            {
                return (null, (JsonRpcErrorResponse.InvalidRequest, "Invalid request: " + e.Message, id));
            }

            return (null, (JsonRpcErrorResponse.InvalidRequest, "Invalid request: the body must be one JSON-RPC 2.0 message (an object).", id));
        }
    }

    /// <summary>The whole body, or null when it is larger than <paramref name="limit"/> (whatever Content-Length said).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } announced ? (int)announced : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}
