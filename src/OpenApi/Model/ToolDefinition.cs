namespace McpPlatform.OpenApi.Model;

/// <summary>One MCP tool generated from one OpenAPI operation: what the agent sees plus how to call the API.</summary>
/// <remarks>Plain records so they serialize with System.Text.Json (grain state, grain calls, admin API).</remarks>
public sealed record ToolDefinition
{
    /// <summary>MCP tool name, valid for <c>^[A-Za-z0-9_.-]{1,128}$</c>, unique within the API.</summary>
    public required string Name { get; init; }

    /// <summary>Human-readable title (from the operation summary).</summary>
    public string? Title { get; init; }

    public string? Description { get; init; }

    /// <summary>JSON Schema 2020-12 of the arguments, as JSON text; root is <c>type: object</c>.</summary>
    public required string InputSchema { get; init; }

    /// <summary>JSON Schema 2020-12 of <c>structuredContent</c>, as JSON text; root is <c>type: object</c>. Null when the API returns no JSON.</summary>
    public string? OutputSchema { get; init; }

    public required ToolHints Hints { get; init; }

    /// <summary>How arguments become an HTTP request.</summary>
    public required OperationBinding Binding { get; init; }

    /// <summary>The operation's own id in the document (before sanitizing and prefixing), if it had one.</summary>
    public string? OperationId { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];
}

/// <summary>MCP tool annotations derived from the HTTP method.</summary>
public sealed record ToolHints(bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld = true);
