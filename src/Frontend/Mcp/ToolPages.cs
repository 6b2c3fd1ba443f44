using System.Buffers.Text;
using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// <c>tools/list</c> pages. Tools are ordered by name and a cursor names the last tool of the previous page, so a
/// cursor stays meaningful when tools are added or removed between pages (nothing is skipped or repeated twice).
/// </summary>
public static class ToolPages
{
    public static ListToolsResult Page(IList<Tool> toolsByName, string? cursor, int pageSize)
    {
        var range = Locate(toolsByName, cursor, pageSize);
        if (range.Start == 0 && range.Count == toolsByName.Count)
        {
            return new ListToolsResult { Tools = toolsByName };
        }

        var page = new List<Tool>(range.Count);
        for (var i = range.Start; i < range.Start + range.Count; i++)
        {
            page.Add(toolsByName[i]);
        }

        return new ListToolsResult { Tools = page, NextCursor = range.NextCursor };
    }

    /// <summary>Which tools the page <paramref name="cursor"/> asks for holds, and the cursor of the page after it.</summary>
    public static ToolPageRange Locate(IList<Tool> toolsByName, string? cursor, int pageSize)
    {
        var start = cursor is null ? 0 : FirstAfter(toolsByName, Decode(cursor));
        var count = Math.Min(pageSize, toolsByName.Count - start);
        var more = start + count < toolsByName.Count;
        return new ToolPageRange(start, count, more ? Encode(toolsByName[start + count - 1].Name) : null);
    }

    private static int FirstAfter(IList<Tool> toolsByName, string name)
    {
        int low = 0, high = toolsByName.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (string.CompareOrdinal(toolsByName[middle].Name, name) <= 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static string Encode(string lastName) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("after:" + lastName));

    private static string Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith("after:", StringComparison.Ordinal))
            {
                return text["after:".Length..];
            }
        }
        catch (FormatException)
        {
        }

        throw new McpProtocolException("Invalid cursor: pass the nextCursor of the previous tools/list page unchanged.", McpErrorCode.InvalidParams);
    }
}

/// <summary>A page of the name-ordered tool list: its first tool's index, its size, and the next page's cursor (null on the last page).</summary>
public readonly record struct ToolPageRange(int Start, int Count, string? NextCursor);
