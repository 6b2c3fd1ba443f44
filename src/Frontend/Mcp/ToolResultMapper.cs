using System.Text.Json;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Frontend.StoredResponses;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Frontend.Mcp;

/// <summary>Turns the cluster's <see cref="ToolCallResult"/> into an MCP <see cref="CallToolResult"/>.</summary>
public static class ToolResultMapper
{
    /// <param name="linkTo">Makes the URL of a stored response from its id (only called when the result links one).</param>
    public static async Task<CallToolResult> ToMcpAsync(ToolCallResult result, Func<string, Task<string>> linkTo)
    {
        var blocks = new List<ContentBlock>(result.Content.Count);
        foreach (var content in result.Content)
        {
            blocks.Add(content.Kind == ToolContentKind.ResourceLink
                ? new ResourceLinkBlock
                {
                    Uri = await linkTo(content.Text ?? ""),
                    Name = content.Name ?? "stored response",
                    MimeType = content.MimeType,
                    Size = content.Size,
                    Description = "The full response, stored for a limited time: resources/read this URI, or download it.",
                }
                : ToBlock(content));
        }

        return new CallToolResult
        {
            IsError = result.IsError,
            Content = blocks,
            StructuredContent = result.StructuredJson is null ? null : JsonSerializer.Deserialize<JsonElement>(result.StructuredJson),
        };
    }

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
