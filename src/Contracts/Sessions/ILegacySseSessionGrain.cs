using McpPlatform.Contracts.Notifications;

namespace McpPlatform.Contracts.Sessions;

/// <summary>
/// One MCP 2024-11-05 HTTP+SSE session, held in the cluster so that its POSTs may land on any frontend. Key: the
/// <c>sessionId</c> of its message URL. The stream is one HTTP response on one frontend (the holder), so the session
/// lives exactly as long as that stream; the record then stays as a tombstone.
/// </summary>
public interface ILegacySseSessionGrain : IGrainWithStringKey
{
    /// <summary>How long a delivery may wait for the holder before the session is given up.</summary>
    static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);

    /// <returns>False when a session with this id already exists (ids are random; a clash is refused, never merged).</returns>
    Task<bool> StartAsync(LegacySseSessionStart start);

    /// <summary>
    /// Validates that the session is alive and belongs to this tenant and principal, then hands the message to the
    /// holder frontend and waits until it has taken it. Unknown, ended, someone else's session, or a holder that no
    /// longer has the stream (the session then ends) all answer <see cref="LegacySseDelivery.NotFound"/>.
    /// </summary>
    /// <param name="messageJson">One JSON-RPC message, UTF-8 JSON as the client sent it (already checked to parse).</param>
    Task<LegacySseDelivery> DeliverAsync(string tenantId, string principalId, byte[] messageJson);

    /// <summary>
    /// The holder's periodic heartbeat while its stream is open; also gives the grain the holder's reference again
    /// (after the grain moved to another silo). False when the session has ended: the holder then closes the stream.
    /// </summary>
    [AlwaysInterleave]
    Task<bool> RenewAsync(IFrontendObserver holder);

    /// <summary>The stream closed (client gone, frontend stopping); POSTs for the session get 404 from now on.</summary>
    Task EndAsync();
}

/// <summary>What a legacy SSE session is created with.</summary>
[GenerateSerializer, Immutable]
public sealed record LegacySseSessionStart
{
    [Id(0)] public required string TenantId { get; init; }
    /// <summary>The authenticated principal the session is bound to (key id or token subject).</summary>
    [Id(1)] public required string PrincipalId { get; init; }
    /// <summary>The frontend that holds the SSE stream and runs the session's MCP server.</summary>
    [Id(2)] public required IFrontendObserver Holder { get; init; }
}

[GenerateSerializer]
public enum LegacySseDelivery
{
    /// <summary>The holder has queued the message for the session's MCP server.</summary>
    Delivered,
    /// <summary>No such live session for this tenant and principal.</summary>
    NotFound,
}
