using System.Security.Cryptography;
using System.Text;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Results;
using McpPlatform.Grains.Registry;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Results;

/// <summary>
/// Keeps large results out of the agent's context: a successful response over the API's threshold is stored and
/// the result carries a link to it plus a short preview. Structured content stays when the tool declares an output
/// schema, because MCP requires it then.
/// </summary>
public sealed class LargeResponseLinks(IGrainFactory grains, IOptions<StoredResponseOptions> options, TimeProvider clock)
{
    public async Task<ToolCallResult> LinkIfLargeAsync(string tenantId, CatalogTool tool, ToolCallResult result)
    {
        if (result.IsError || result.Content is not [var content])
        {
            return result;
        }

        var settings = options.Value;
        var threshold = tool.Api.Options.LargeResponseThresholdBytes ?? settings.ThresholdBytes;
        var (body, mediaType) = content.Kind switch
        {
            ToolContentKind.Text when result.StructuredJson is not null => (Encoding.UTF8.GetBytes(content.Text ?? ""), "application/json"),
            ToolContentKind.Text => (Encoding.UTF8.GetBytes(content.Text ?? ""), "text/plain; charset=utf-8"),
            _ => (content.Data ?? [], content.MimeType ?? "application/octet-stream"),
        };
        if (body.Length <= threshold)
        {
            return result;
        }

        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(18));
        var expiresAt = clock.GetUtcNow() + settings.Lifetime;
        var stored = await grains.GetGrain<IStoredResponseGrain>(id).StoreAsync(new StoredResponse
        {
            TenantId = tenantId,
            MediaType = mediaType,
            Body = body,
            ExpiresAt = expiresAt,
            ToolName = tool.Definition.Name,
        });
        if (!stored)
        {
            return result; // an id clash (never expected): better too large than lost
        }

        var summary = $"The response ({Size(body.Length)} of {mediaType}) is larger than this API's inline limit ({Size(threshold)}), "
            + $"so it is stored until {expiresAt:yyyy-MM-dd HH:mm} UTC: read it with resources/read on the linked URI, or download that URL.";
        if (content.Kind == ToolContentKind.Text && settings.PreviewChars > 0)
        {
            var text = content.Text ?? "";
            summary += $" Its first {Math.Min(settings.PreviewChars, text.Length)} characters:\n" + text[..Math.Min(settings.PreviewChars, text.Length)];
        }

        return result with
        {
            Content =
            [
                new ToolContent(ToolContentKind.ResourceLink, id, MimeType: mediaType, Size: body.Length, Name: $"{tool.Definition.Name} response"),
                new ToolContent(ToolContentKind.Text, summary),
            ],
            StructuredJson = tool.Definition.OutputSchema is null ? null : result.StructuredJson,
        };
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.0} MB" : $"{bytes / 1024.0:0.#} KB";
}
