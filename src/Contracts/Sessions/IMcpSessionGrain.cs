namespace McpPlatform.Contracts.Sessions;

/// <summary>
/// One MCP session (Streamable HTTP, initialize-based), held in the cluster so any frontend can serve any of its
/// requests. Key: the <c>Mcp-Session-Id</c>. The record outlives frontends; DELETE and idle expiry end it everywhere.
/// </summary>
public interface IMcpSessionGrain : IGrainWithStringKey
{
    /// <returns>False when a session with this id already exists (ids are random; a clash is refused, never merged).</returns>
    Task<bool> StartAsync(McpSessionStart start);

    /// <summary>
    /// Checks that the session is alive and belongs to this tenant and principal, and counts as activity.
    /// Null when it does not exist, has ended, has expired, or belongs to someone else — all look the same to the caller.
    /// </summary>
    Task<McpSessionSnapshot?> ValidateAsync(string tenantId, string principalId);

    /// <summary>
    /// The same check and activity as <see cref="ValidateAsync"/>, answering only the negotiated protocol version (null
    /// when refused): what every request of a session needs, without carrying the initialize parameters each time.
    /// </summary>
    Task<string?> ConfirmAsync(string tenantId, string principalId);

    /// <summary>Ends the session everywhere (DELETE by the client). A tombstone keeps the id from being reused.</summary>
    Task<bool> EndAsync(string tenantId, string principalId);

    Task SetLogLevelAsync(string level);
}

/// <summary>What a session is created with.</summary>
[GenerateSerializer, Immutable]
public sealed record McpSessionStart
{
    [Id(0)] public required string TenantId { get; init; }
    /// <summary>The authenticated principal the session is bound to (key id or token subject).</summary>
    [Id(1)] public required string PrincipalId { get; init; }
    /// <summary>The client's <c>initialize</c> parameters as JSON, to re-create the session on another frontend.</summary>
    [Id(2)] public required string InitializeParamsJson { get; init; }
    [Id(3)] public required string NegotiatedProtocolVersion { get; init; }
    [Id(4)] public required TimeSpan IdleTimeout { get; init; }
}

/// <summary>What a frontend needs to adopt a session it has not seen before.</summary>
[GenerateSerializer, Immutable]
public sealed record McpSessionSnapshot(
    [property: Id(0)] string InitializeParamsJson,
    [property: Id(1)] string NegotiatedProtocolVersion,
    [property: Id(2)] string? LogLevel);
