namespace McpPlatform.Persistence.Model;

/// <summary>
/// One tool call, as the audit log keeps it: who called which tool when, and how it ended. Never the arguments or
/// the response body.
/// </summary>
public sealed class ToolCallAuditRecord
{
    /// <summary>Assigned by the database; with <see cref="StartedAt"/> it orders and pages the log.</summary>
    public long Id { get; set; }

    public required string TenantId { get; set; }

    /// <summary>When the registry grain received the call (UTC, whole microseconds so every provider stores it exactly).</summary>
    public DateTime StartedAt { get; set; }

    public required string Tool { get; set; }

    /// <summary>The API the tool belongs to; null when no tool of that name exists.</summary>
    public string? ApiId { get; set; }

    /// <summary>The tenant key that called; null for the operator key.</summary>
    public string? KeyId { get; set; }

    public string? SessionId { get; set; }

    /// <summary>The OAuth principal that called (the token's <c>sub</c>); null for a key.</summary>
    public string? Subject { get; set; }

    /// <summary>The OAuth client the principal signed in with, when its token says.</summary>
    public string? ClientId { get; set; }

    /// <summary>The token's scopes, space-separated as OAuth writes them; null for a key.</summary>
    public string? Scopes { get; set; }

    /// <summary>The JSON-RPC request id, as the agent sent it.</summary>
    public string? RequestId { get; set; }

    /// <summary>A <c>ToolCallOutcome</c> name, <c>Cancelled</c> or <c>Failed</c>; text, so new outcomes need no migration.</summary>
    public required string Outcome { get; set; }

    public int? UpstreamStatus { get; set; }

    /// <summary>From the grain receiving the call to its result: validation, the upstream call, mapping.</summary>
    public double DurationMs { get; set; }

    /// <summary>Time until the API's response headers arrived, summed over attempts; null when nothing was sent.</summary>
    public double? UpstreamDurationMs { get; set; }

    /// <summary>The result was a stored one, returned again for a repeated idempotency key; the API was not called.</summary>
    public bool IdempotentReplay { get; set; }

    /// <summary>W3C trace id of the call, to find its trace.</summary>
    public string? TraceId { get; set; }

    /// <summary>A UTC time cut to whole microseconds, the precision PostgreSQL keeps, so paging cursors compare exactly.</summary>
    public static DateTime StoredTime(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
    }
}
