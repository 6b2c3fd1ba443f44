using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// <c>tools/list</c> pages answered from JSON built once per tool-list version. The SDK turns a handler's result into
/// a <see cref="JsonNode"/> (serializing it, then parsing that back) and writes the node again for the wire: three
/// passes over every schema of the page, about 11 ms of CPU for 500 tools with large schemas. Instead the handler
/// returns the page without its tools and has <see cref="DeferredResults"/> put the stored JSON in as the <c>tools</c>
/// value, so only the final write remains.
/// </summary>
public static class ToolPageJson
{
    private static readonly JsonTypeInfo<IList<Tool>> ToolListTypeInfo =
        (JsonTypeInfo<IList<Tool>>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IList<Tool>));

    /// <summary>
    /// The page the request asks for. Pages at their usual places (0, page size, twice that…) are served from stored
    /// JSON; a page elsewhere (a cursor from an older list) is built as objects, so the store stays one copy of the list.
    /// </summary>
    public static ListToolsResult Answer(RequestContext<ListToolsRequestParams> context, ToolListView tools, int pageSize)
    {
        var range = ToolPages.Locate(tools.McpTools, context.Params?.Cursor, pageSize);
        if (range.Start % pageSize != 0 || range.Count == 0)
        {
            return ToolPages.Page(tools.McpTools, context.Params?.Cursor, pageSize);
        }

        var page = tools.PageJson(range, pageSize);
        // A node over the element is written straight from it; the element is shared, read only.
        DeferredResults.Complete(context, result => result["tools"] = JsonArray.Create(page));
        return new ListToolsResult { Tools = [], NextCursor = range.NextCursor };
    }

    /// <summary>The tools of a page as one JSON array, as the SDK would have written them.</summary>
    public static JsonElement Serialize(IList<Tool> toolsByName, ToolPageRange range)
    {
        var page = new List<Tool>(range.Count);
        for (var i = range.Start; i < range.Start + range.Count; i++)
        {
            page.Add(toolsByName[i]);
        }

        return JsonSerializer.SerializeToElement<IList<Tool>>(page, ToolListTypeInfo);
    }
}
