using McpPlatform.Contracts.Idempotency;

namespace McpPlatform.Contracts.Dispatch;

/// <summary>One <c>tools/call</c> as it crosses from the frontend into the cluster.</summary>
[GenerateSerializer, Immutable]
public sealed record ToolCallRequest
{
    [Id(0)] public required string ToolName { get; init; }
    /// <summary>The arguments object as UTF-8 JSON (empty means none).</summary>
    [Id(1)] public byte[] ArgumentsJson { get; init; } = [];
    /// <summary>Who calls: the key id, for attribution.</summary>
    [Id(2)] public string? KeyId { get; init; }
    /// <summary>Headers of the agent's MCP request that the tool's API forwards (its allowlist, applied again by the registry).</summary>
    [Id(3)] public IReadOnlyDictionary<string, string> ForwardedHeaders { get; init; } = new Dictionary<string, string>();
    /// <summary>Makes a write call happen at most once: repeats with the same key get the stored result (see <c>IIdempotencyGrain</c>).</summary>
    [Id(4)] public string? IdempotencyKey { get; init; }
    [Id(5)] public IdempotencyKeySource IdempotencyKeySource { get; init; }
    /// <summary>The agent's MCP session (none for sessionless clients), for the audit log and traces.</summary>
    [Id(6)] public string? SessionId { get; init; }
    /// <summary>The JSON-RPC request id, so an audit record can be matched with the agent's own logs.</summary>
    [Id(7)] public string? RequestId { get; init; }
    /// <summary>The OAuth principal calling (null for an API key): checked against the tenant's tool access rules, and audited.</summary>
    [Id(8)] public McpPlatform.Contracts.Registry.ToolCaller? Caller { get; init; }
    /// <summary>Names the call while it runs, so the frontend waiting for it can ask whether it still does (see <see cref="ToolCallDeadlines"/>).</summary>
    [Id(9)] public string? CallId { get; init; }
}

public enum ToolCallOutcome
{
    Success,
    /// <summary>No tool of that name in the tenant (JSON-RPC -32602 for the agent).</summary>
    UnknownTool,
    /// <summary>Arguments failed validation; nothing was sent upstream.</summary>
    InvalidArguments,
    /// <summary>The upstream answered 4xx/5xx.</summary>
    UpstreamError,
    /// <summary>The upstream could not be reached or timed out.</summary>
    UpstreamUnavailable,
    /// <summary>The platform would not make the call: a private address, a redirect to another host, credentials it cannot use.</summary>
    UpstreamRefused,
    /// <summary>A tenant or key budget is spent; the message says when to retry. Nothing was sent.</summary>
    RateLimited,
    /// <summary>The idempotency key belongs to another request (other tool or arguments), or its call is still running.</summary>
    IdempotencyConflict,
    /// <summary>The tenant's access rules keep this tool from the calling principal (a scope or role is missing). Nothing was sent.</summary>
    Forbidden,
    /// <summary>
    /// The platform failed on something passing (a silo died mid-call, the database restarted); the call may or may
    /// not have reached the API. Retriable: with the same idempotency key a write is not made twice.
    /// </summary>
    PlatformUnavailable,
}

public enum ToolContentKind
{
    Text,
    Image,
    Audio,
    /// <summary>Binary content embedded in the result.</summary>
    Resource,
    /// <summary>A link to a stored response (<see cref="ToolContent.Text"/> holds its id).</summary>
    ResourceLink,
}

[GenerateSerializer, Immutable]
public sealed record ToolContent(
    [property: Id(0)] ToolContentKind Kind,
    [property: Id(1)] string? Text,
    [property: Id(2)] byte[]? Data = null,
    [property: Id(3)] string? MimeType = null,
    [property: Id(4)] long? Size = null,
    [property: Id(5)] string? Name = null);

/// <summary>The result of one tool call, ready to become an MCP <c>CallToolResult</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record ToolCallResult
{
    [Id(0)] public required ToolCallOutcome Outcome { get; init; }
    [Id(1)] public IReadOnlyList<ToolContent> Content { get; init; } = [];
    /// <summary>JSON object for <c>structuredContent</c>, as UTF-8 bytes; null when the result is not JSON.</summary>
    [Id(2)] public byte[]? StructuredJson { get; init; }
    [Id(3)] public int? UpstreamStatus { get; init; }
    /// <summary>True when this is the stored result of an earlier call with the same idempotency key (the API was not called).</summary>
    [Id(4)] public bool Replayed { get; init; }

    public bool IsError => Outcome != ToolCallOutcome.Success;

    public static ToolCallResult Error(ToolCallOutcome outcome, string message, int? status = null) => new()
    {
        Outcome = outcome,
        Content = [new ToolContent(ToolContentKind.Text, message)],
        UpstreamStatus = status,
    };
}
