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

    /// <summary>Keep only operations with one of these HTTP methods (upper-case; empty: all).</summary>
    public IReadOnlyList<string> IncludeMethods { get; init; } = [];
    public IReadOnlyList<string> ExcludeMethods { get; init; } = [];

    /// <summary>Keep only safe methods (GET, HEAD, OPTIONS): a read-only view of the API.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Also convert operations marked <c>deprecated</c> (skipped with a warning by default).</summary>
    public bool IncludeDeprecated { get; init; }

    /// <summary>
    /// Longest tool name allowed (the tenant's setting; some clients cap names at 64). Longer names, prefix
    /// included, are shortened deterministically and stay unique. Null: the MCP limit, 128.
    /// </summary>
    public int? MaxToolNameLength { get; init; }

    /// <summary>Budget for each tool description in characters (long descriptions cost agents context). Null: no budget.</summary>
    public int? MaxDescriptionLength { get; init; }

    /// <summary>
    /// Whether component schemas are copied into each tool schema where used (the default) or kept as <c>$defs</c>
    /// entries referenced with <c>$ref</c> (shared models written once, under their names).
    /// </summary>
    public SchemaReferences SchemaReferences { get; init; } = SchemaReferences.Inline;
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
