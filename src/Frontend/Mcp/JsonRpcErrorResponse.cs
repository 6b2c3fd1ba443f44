using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Frontend.Mcp;

/// <summary>An HTTP answer carrying one JSON-RPC error object, the way the MCP SDK refuses requests; one shape for all our refusals.</summary>
public static class JsonRpcErrorResponse
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    /// <summary>The MCP SDK's code for an unknown session (with HTTP 404).</summary>
    public const int SessionNotFound = -32001;

    public static Task SessionNotFoundAsync(HttpContext context, RequestId? id = null) =>
        WriteAsync(context, StatusCodes.Status404NotFound, SessionNotFound, "Session not found; start a new session.", id);

    /// <summary>Writes <c>{"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…}}</c>; the id is null unless known.</summary>
    public static async Task WriteAsync(HttpContext context, int status, int code, string message, RequestId? id = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("jsonrpc", "2.0");
        json.WritePropertyName("id");
        switch (id?.Id)
        {
            case string text:
                json.WriteStringValue(text);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            default:
                json.WriteNullValue();
                break;
        }

        json.WriteStartObject("error");
        json.WriteNumber("code", code);
        json.WriteString("message", message);
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
