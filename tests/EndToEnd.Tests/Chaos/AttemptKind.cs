namespace McpPlatform.EndToEnd.Tests.Chaos;

/// <summary>How one HTTP request of the load ended, as an agent would see it.</summary>
public enum AttemptKind
{
    Success,

    /// <summary>No connection, or it broke before the answer (a frontend died): a client sends again elsewhere.</summary>
    ConnectionFailed,

    /// <summary>No answer within the client's timeout (the call was with a process that died).</summary>
    TimedOut,

    /// <summary>HTTP 5xx: the platform could not serve it now.</summary>
    ServerError,

    /// <summary>A tool result with <c>isError</c> that tells the agent to retry (e.g. the idempotency key could not be checked).</summary>
    RetryableToolError,

    /// <summary>404 for a session the client still holds: the session was lost. Never allowed.</summary>
    SessionNotFound,

    /// <summary>Another 4xx. Never allowed: the client did nothing wrong.</summary>
    ClientError,

    /// <summary>A JSON-RPC error whose message tells the agent to retry (e.g. <c>tools/list</c> while a node is gone).</summary>
    RetryableProtocolError,

    /// <summary>A JSON-RPC error that does not say to retry. Not retriable for an agent: nothing says the call may be sent again.</summary>
    ProtocolError,

    /// <summary>A tool result with <c>isError</c> that does not say to retry.</summary>
    ToolError,
}

public static class AttemptKinds
{
    /// <summary>What a client recovers from by sending the same request again (with the same idempotency key).</summary>
    public static bool IsRetriable(this AttemptKind kind) =>
        kind is AttemptKind.ConnectionFailed or AttemptKind.TimedOut or AttemptKind.ServerError or AttemptKind.RetryableToolError
            or AttemptKind.RetryableProtocolError;
}
