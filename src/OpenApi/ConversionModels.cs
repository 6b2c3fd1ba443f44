using McpPlatform.OpenApi.Model;

namespace McpPlatform.OpenApi;

/// <summary>Per-API choices a tenant makes at registration.</summary>
public sealed record ConversionOptions
{
    /// <summary>Keep only these operationIds (empty: all).</summary>
    public IReadOnlyList<string> IncludeOperations { get; init; } = [];
    public IReadOnlyList<string> ExcludeOperations { get; init; } = [];
    /// <summary>Keep only operations with one of these tags (empty: all).</summary>
    public IReadOnlyList<string> IncludeTags { get; init; } = [];
    public IReadOnlyList<string> ExcludeTags { get; init; } = [];
    /// <summary>Prepended to every tool name, e.g. <c>crm_</c>.</summary>
    public string? ToolPrefix { get; init; }
}

/// <summary>What a conversion produced. Everything skipped or approximated is in <see cref="Warnings"/>.</summary>
public sealed record ConversionResult
{
    public required IReadOnlyList<ToolDefinition> Tools { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>The document's first server URL (resolved against variables' defaults), if any.</summary>
    public string? ServerUrl { get; init; }
    public string? Title { get; init; }
    public string? Version { get; init; }
}

/// <summary>The document cannot be converted; the message names what is wrong (shown to the tenant as a 422).</summary>
public sealed class OpenApiDocumentException(string message, IReadOnlyList<string>? errors = null) : Exception(message)
{
    public IReadOnlyList<string> Errors { get; } = errors ?? [];
}

/// <summary>Tool arguments cannot be bound to a request (missing required, wrong shape); the message is for the agent.</summary>
public sealed class ArgumentBindingException(string message) : Exception(message);
