using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using McpPlatform.Contracts.Sessions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Frontend.LegacySse;

/// <summary>
/// The legacy SSE streams this frontend holds. Messages for them arrive from this frontend's own POSTs, or from
/// another frontend's through the cluster (<see cref="DeliverAsync"/>, called by this frontend's observer).
/// </summary>
public sealed partial class LegacySseSessions(ILogger<LegacySseSessions> logger)
{
    /// <summary>
    /// How long a message from the cluster may wait to be queued: the frontend's observer takes its calls one at a
    /// time, so one stuck session must not hold up the others. Well inside the grain's own wait.
    /// </summary>
    private static readonly TimeSpan QueueTimeout = ILegacySseSessionGrain.DeliveryTimeout / 2;

    private readonly ConcurrentDictionary<string, LegacySseSession> sessions = new(StringComparer.Ordinal);

    public int Count => sessions.Count;

    public void Add(LegacySseSession session)
    {
        if (!sessions.TryAdd(session.Id, session))
        {
            throw new InvalidOperationException($"Legacy SSE session '{session.Id}' is already held here.");
        }
    }

    public void Remove(LegacySseSession session) => sessions.TryRemove(KeyValuePair.Create(session.Id, session));

    public bool TryGet(string sessionId, [NotNullWhen(true)] out LegacySseSession? session) => sessions.TryGetValue(sessionId, out session);

    /// <summary>A message another frontend accepted for a stream held here; false when there is no such stream.</summary>
    public async Task<bool> DeliverAsync(string sessionId, byte[] messageJson)
    {
        if (!sessions.TryGetValue(sessionId, out var session))
        {
            return false;
        }

        JsonRpcMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<JsonRpcMessage>(messageJson, McpJsonUtilities.DefaultOptions);
        }
        catch (JsonException e)
        {
            // The accepting frontend parsed it already; this would be a version skew between frontends.
            LogUnreadable(logger, sessionId, e.Message);
            return false;
        }

        if (message is null)
        {
            return false;
        }

        using var timeout = new CancellationTokenSource(QueueTimeout);
        try
        {
            return await session.TryDeliverAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            LogQueueTimeout(logger, sessionId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Legacy SSE session {SessionId}: a forwarded message could not be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Legacy SSE session {SessionId}: its server did not take a forwarded message in time")]
    private static partial void LogQueueTimeout(ILogger logger, string sessionId);
}
