using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// Results completed after the SDK has made its node. The SDK turns a handler's result into a <see cref="JsonNode"/>
/// (serializing it, then parsing that back) and writes the node again for the wire. A handler whose result is large
/// returns a placeholder and leaves a completion in the request's items, which the response shares; one outgoing
/// message filter runs it on the response's node, so the large part is written once.
/// </summary>
public static class DeferredResults
{
    private const string CompletionItem = "McpPlatform.DeferredResult";

    /// <summary>Has <paramref name="complete"/> fill in the response's result node before it is written.</summary>
    public static void Complete<TParams>(RequestContext<TParams> context, Action<JsonObject> complete) =>
        context.Items[CompletionItem] = complete;

    public static McpMessageHandler Filter(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcResponse { Result: JsonObject result, Context.Items: { } items }
            && items.Remove(CompletionItem, out var stored) && stored is Action<JsonObject> complete)
        {
            complete(result);
        }

        await next(context, cancellationToken);
    };
}
