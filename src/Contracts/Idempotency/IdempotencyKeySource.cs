namespace McpPlatform.Contracts.Idempotency;

/// <summary>Where a tool call's idempotency key came from.</summary>
public enum IdempotencyKeySource
{
    None = 0,
    /// <summary>The <c>Idempotency-Key</c> header of the MCP HTTP request.</summary>
    Header = 1,
    /// <summary><c>_meta.idempotencyKey</c> in the <c>tools/call</c> params.</summary>
    Meta = 2,
    /// <summary>
    /// Derived from the session and the JSON-RPC request id: a client that re-sends the same request gets the first
    /// answer. Never a conflict — a reused id with other arguments is simply a new call.
    /// </summary>
    RequestId = 3,
}
