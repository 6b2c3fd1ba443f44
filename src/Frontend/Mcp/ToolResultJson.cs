using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.Contracts.Dispatch;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// Successful <c>tools/call</c> results written in one pass. The SDK turns a handler's result into a
/// <see cref="JsonNode"/> (serializing it, then parsing that back) and writes the node again; the API's answer, which a
/// result carries twice (as text, and as <c>structuredContent</c>), went through the JSON writer and reader three
/// times. Instead the handler returns an empty result and has <see cref="DeferredResults"/> put in nodes that write
/// themselves: the text as a string value (escaped once, on the wire) and the
/// structured content as an element parsed once from the API's bytes, which the grain has checked to be one object.
/// </summary>
public static class ToolResultJson
{
    /// <summary>
    /// The result to return from the handler: an empty placeholder when <paramref name="result"/> is a success made
    /// only of text (the usual JSON answer), otherwise null (the caller maps it as objects).
    /// </summary>
    public static CallToolResult? Defer(RequestContext<CallToolRequestParams> context, ToolCallResult result)
    {
        if (result.IsError || result.Content.Any(c => c.Kind != ToolContentKind.Text))
        {
            return null;
        }

        DeferredResults.Complete(context, response => Fill(response, result));
        return new CallToolResult { Content = [] };
    }

    private static void Fill(JsonObject response, ToolCallResult result)
    {
        var content = new JsonArray();
        foreach (var block in result.Content)
        {
            content.Add(new JsonObject { ["type"] = "text", ["text"] = block.Text ?? "" });
        }

        response["content"] = content;
        if (result.StructuredJson is { } structured)
        {
            // Parsed once here; a node over an element is written straight from it. (A byte-order mark may lead an
            // API's body; it is not JSON.)
            var json = structured.AsSpan();
            response["structuredContent"] = JsonObject.Create(
                JsonSerializer.Deserialize<JsonElement>(json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? json[3..] : json));
        }
    }
}
