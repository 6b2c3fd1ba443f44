using System.Security.Claims;
using System.Threading.Channels;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Frontend.LegacySse;

/// <summary>A legacy SSE session whose stream this frontend holds: where its POSTed messages go in.</summary>
public sealed class LegacySseSession(
    string id, string tenantId, string principalId, ClaimsPrincipal user, SseResponseStreamTransport transport, CancellationToken streamClosed)
{
    public string Id { get; } = id;

    public string TenantId { get; } = tenantId;

    public bool BelongsTo(string tenant, string principal) =>
        string.Equals(TenantId, tenant, StringComparison.Ordinal) && string.Equals(principalId, principal, StringComparison.Ordinal);

    /// <summary>Queues a client message for the session's MCP server; false when the stream has closed meanwhile.</summary>
    /// <remarks>
    /// The message runs as the principal that opened the stream (the cluster has checked that the POST came from the
    /// same one), and in the stream's request context, where the MCP handlers find the tenant.
    /// </remarks>
    public async Task<bool> TryDeliverAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        message.Context = new JsonRpcMessageContext { User = user };
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, streamClosed);
        try
        {
            await transport.OnMessageReceivedAsync(message, both.Token);
            return true;
        }
        catch (Exception e) when (e is ChannelClosedException || (e is OperationCanceledException && streamClosed.IsCancellationRequested))
        {
            return false;
        }
    }
}
