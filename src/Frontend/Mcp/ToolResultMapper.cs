using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.Contracts.Dispatch;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Frontend.Mcp;

/// <summary>Turns the cluster's <see cref="ToolCallResult"/> into an MCP <see cref="CallToolResult"/>.</summary>
public static class ToolResultMapper
{
    public static CallToolResult ToMcp(ToolCallResult result) => new()
    {
        IsError = result.IsError,
        Content = result.Content.Select(ToBlock).ToList(),
        StructuredContent = result.StructuredJson is null ? null : JsonSerializer.Deserialize<JsonElement>(result.StructuredJson),
    };

    private static ContentBlock ToBlock(ToolContent content) => content.Kind switch
    {
        ToolContentKind.Image => ImageContentBlock.FromBytes(content.Data ?? [], content.MimeType ?? "application/octet-stream"),
        ToolContentKind.Audio => AudioContentBlock.FromBytes(content.Data ?? [], content.MimeType ?? "application/octet-stream"),
        ToolContentKind.Resource => new EmbeddedResourceBlock
        {
            Resource = BlobResourceContents.FromBytes(content.Data ?? [], "urn:mcp-platform:result", content.MimeType),
        },
        _ => new TextContentBlock { Text = content.Text ?? "" },
    };
}
