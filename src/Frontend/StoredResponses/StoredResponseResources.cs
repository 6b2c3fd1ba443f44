using System.Text;
using McpPlatform.Contracts.Results;
using McpPlatform.Frontend.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Frontend.StoredResponses;

/// <summary>
/// MCP resources of a tenant endpoint: the stored large responses its tool results link to. They are not listed
/// (each is reached through the link in its tool result) and are readable only within their own tenant.
/// </summary>
public static class StoredResponseResources
{
    public static ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListResourcesResult { Resources = [] });

    public static async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> context, CancellationToken cancellationToken)
    {
        var uri = context.Params?.Uri ?? throw new McpProtocolException("Missing resource URI.", McpErrorCode.InvalidParams);
        var tenant = McpEndpoints.TenantOf(context);
        var stored = StoredResponseLinks.IdOf(uri, tenant) is { } id
            ? await context.Services!.GetRequiredService<IClusterClient>().GetGrain<IStoredResponseGrain>(id).ReadAsync(tenant)
            : null;
        if (stored is null)
        {
            throw new McpProtocolException(
                $"Resource '{uri}' not found: stored results are readable for a limited time, in the tenant whose tool call made them. Call the tool again.",
                McpErrorCode.ResourceNotFound);
        }

        ResourceContents contents = IsText(stored.MediaType)
            ? new TextResourceContents { Uri = uri, MimeType = stored.MediaType, Text = Encoding.UTF8.GetString(stored.Body) }
            : BlobResourceContents.FromBytes(stored.Body, uri, stored.MediaType);
        return new ReadResourceResult { Contents = [contents] };
    }

    private static bool IsText(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || mediaType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.Contains("+json", StringComparison.OrdinalIgnoreCase);
}
