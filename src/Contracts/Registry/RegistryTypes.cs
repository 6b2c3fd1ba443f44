using McpPlatform.OpenApi.Model;

namespace McpPlatform.Contracts.Registry;

/// <summary>What a tenant sends to register an API (admin API <c>PUT …/apis/{api}</c>).</summary>
[GenerateSerializer]
public sealed record ApiRegistrationRequest
{
    /// <summary>Where to fetch the document; kept for refresh.</summary>
    [Id(0)] public string? OpenApiUrl { get; init; }

    /// <summary>The document itself, JSON or YAML text.</summary>
    [Id(1)] public string? OpenApiDocument { get; init; }

    /// <summary>Upstream base URL; defaults to the document's first server.</summary>
    [Id(2)] public string? BaseUrl { get; init; }

    [Id(3)] public ApiOptions Options { get; init; } = new();
}

/// <summary>Per-API options chosen by the tenant.</summary>
[GenerateSerializer]
public sealed record ApiOptions
{
    [Id(0)] public IReadOnlyList<string> IncludeOperations { get; init; } = [];
    [Id(1)] public IReadOnlyList<string> ExcludeOperations { get; init; } = [];
    [Id(2)] public IReadOnlyList<string> IncludeTags { get; init; } = [];
    [Id(3)] public IReadOnlyList<string> ExcludeTags { get; init; } = [];
    [Id(4)] public string? ToolPrefix { get; init; }
    /// <summary>Upstream call timeout; null means the platform default.</summary>
    [Id(5)] public int? TimeoutSeconds { get; init; }
    /// <summary>Static headers sent with every upstream request.</summary>
    [Id(6)] public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    [Id(7)] public IReadOnlyList<string> IncludeMethods { get; init; } = [];
    [Id(8)] public IReadOnlyList<string> ExcludeMethods { get; init; } = [];
    /// <summary>Only safe methods (GET, HEAD, OPTIONS) become tools.</summary>
    [Id(9)] public bool ReadOnly { get; init; }
    /// <summary>Deprecated operations become tools too (skipped by default).</summary>
    [Id(10)] public bool IncludeDeprecated { get; init; }
    /// <summary>Budget for each tool description in characters; null means none.</summary>
    [Id(11)] public int? DescriptionMaxLength { get; init; }
    /// <summary>Whether tool schemas inline the document's component schemas (default) or keep them as <c>$defs</c>.</summary>
    [Id(12)] public SchemaReferenceMode SchemaReferences { get; init; }
    /// <summary>Credentials for the upstream; null means none.</summary>
    [Id(13)] public UpstreamAuth? Auth { get; init; }
    /// <summary>Headers of the agent's MCP request passed on to the upstream (an explicit allowlist; none by default).</summary>
    [Id(14)] public IReadOnlyList<string> ForwardHeaders { get; init; } = [];
    /// <summary>A successful response larger than this is stored and returned as a link; null means the platform default.</summary>
    [Id(17)] public int? LargeResponseThresholdBytes { get; init; }
}

/// <summary>How the component schemas of an API's document appear in its tools' schemas (admin API <c>schemaReferences</c>).</summary>
/// <remarks>Stored and sent as numbers: never renumber.</remarks>
public enum SchemaReferenceMode
{
    /// <summary>Copied in where used; only recursive ones become <c>$defs</c> entries.</summary>
    Inline = 0,
    /// <summary>Every component a tool uses becomes a <c>$defs</c> entry referenced with <c>$ref</c>.</summary>
    Definitions = 1,
}

public enum RegistrationStatus
{
    Created,
    Updated,
    /// <summary>The document is invalid or could not be converted (422).</summary>
    InvalidDocument,
    /// <summary>The document URL could not be fetched (422).</summary>
    FetchFailed,
    /// <summary>Generated tool names collide with another API's tools (409).</summary>
    ToolNameConflict,
    /// <summary>Refresh of an API that is not registered (404).</summary>
    NotFound,
    /// <summary>Refresh of an API registered inline, without a URL (422).</summary>
    NotRefreshable,
    /// <summary>The tenant does not exist (404).</summary>
    TenantNotFound,
    /// <summary>The options cannot be applied as given, e.g. no secret to keep (400).</summary>
    InvalidOptions,
    /// <summary>A URL reaches an address this platform may not call, e.g. a private network (422).</summary>
    UpstreamRefused,
}

[GenerateSerializer]
public sealed record ApiRegistrationOutcome
{
    [Id(0)] public required RegistrationStatus Status { get; init; }
    [Id(1)] public ApiSummary? Api { get; init; }
    [Id(2)] public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Why it failed, for the problem detail.</summary>
    [Id(3)] public string? Error { get; init; }
    [Id(4)] public IReadOnlyList<string> Errors { get; init; } = [];
    [Id(5)] public IReadOnlyList<string> ConflictingTools { get; init; } = [];
}

/// <summary>An API as the admin API shows it.</summary>
[GenerateSerializer]
public sealed record ApiSummary
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public string? OpenApiUrl { get; init; }
    [Id(2)] public required string BaseUrl { get; init; }
    [Id(3)] public string? Title { get; init; }
    /// <summary>Bumped on every change of this API.</summary>
    [Id(4)] public long Version { get; init; }
    [Id(5)] public IReadOnlyList<string> Tools { get; init; } = [];
    [Id(6)] public IReadOnlyList<string> Warnings { get; init; } = [];
    [Id(7)] public ApiOptions Options { get; init; } = new();
    [Id(8)] public DateTimeOffset CreatedAt { get; init; }
    [Id(9)] public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A tenant's tools at one registry version.</summary>
[GenerateSerializer, Immutable]
public sealed record ToolSet(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<RegisteredTool> Tools)
{
    /// <summary>Per API id, the headers of the agent's request a frontend passes along with a call (only APIs that forward any).</summary>
    [Id(2)] public IReadOnlyDictionary<string, IReadOnlyList<string>> ForwardHeaders { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The tenant's tool access rules, for filtering each principal's list.</summary>
    [Id(3)] public IReadOnlyList<ToolAccessRule> Access { get; init; } = [];
}

/// <summary>A generated tool and the API it belongs to.</summary>
[GenerateSerializer, Immutable]
public sealed record RegisteredTool(
    [property: Id(0)] string ApiId,
    [property: Id(1)] ToolDefinition Definition);
