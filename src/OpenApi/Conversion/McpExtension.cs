using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Naming;
using Microsoft.OpenApi;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>
/// The operation's <c>x-mcp</c> vendor extension: how the document's author wants the operation to appear as a tool.
/// <code>
/// x-mcp:
///   name: find_pets          # tool name before the tenant's prefix (sanitized like an operationId)
///   hidden: true             # not a tool at all (no warning)
///   title: Find pets
///   description: Searches the shelter's pets.
///   annotations: {readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true}
/// </code>
/// A field of the wrong type is ignored with a warning; the other fields still apply.
/// </summary>
internal sealed record McpExtension
{
    public const string Key = "x-mcp";

    public static readonly McpExtension None = new();

    /// <summary>Sanitized tool name (never empty when set).</summary>
    public string? Name { get; init; }
    public bool Hidden { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public bool? ReadOnlyHint { get; init; }
    public bool? DestructiveHint { get; init; }
    public bool? IdempotentHint { get; init; }
    public bool? OpenWorldHint { get; init; }

    /// <summary>Problems found while reading (already naming the operation); reported only if the operation is converted.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public ToolHints ApplyTo(ToolHints hints) => new(
        ReadOnlyHint ?? hints.ReadOnly,
        DestructiveHint ?? hints.Destructive,
        IdempotentHint ?? hints.Idempotent,
        OpenWorldHint ?? hints.OpenWorld);

    public static McpExtension Read(OpenApiOperation operation, string label)
    {
        if (operation.Extensions is null || !operation.Extensions.TryGetValue(Key, out var extension)) return None;
        var problems = new List<string>();
        void Problem(string text) => problems.Add($"{label}: {Key}: {text}");

        if (NodeOf(extension) is not JsonObject root)
        {
            if (!IsNull(NodeOf(extension))) Problem("must be an object; ignored.");
            return new McpExtension { Problems = problems };
        }

        var result = new McpExtension();
        foreach (var (field, value) in root)
        {
            if (IsNull(value)) continue;
            switch (field)
            {
                case "name":
                    if (String(value) is not { } raw) Problem("'name' must be a non-empty string; ignored.");
                    else if (ToolNamer.SanitizeExplicit(raw) is { Length: > 0 } name) result = result with { Name = name };
                    else Problem($"'name' {Quote(raw)} has no characters valid in a tool name (A-Z, a-z, 0-9, _, ., -); ignored.");
                    break;
                case "hidden":
                    if (Boolean(value) is { } hidden) result = result with { Hidden = hidden };
                    else Problem("'hidden' must be a boolean; ignored.");
                    break;
                case "title":
                    if (String(value) is { } title) result = result with { Title = title };
                    else Problem("'title' must be a non-empty string; ignored.");
                    break;
                case "description":
                    if (String(value) is { } description) result = result with { Description = description };
                    else Problem("'description' must be a non-empty string; ignored.");
                    break;
                case "annotations":
                    if (value is JsonObject annotations) result = ReadAnnotations(result, annotations, Problem);
                    else Problem("'annotations' must be an object; ignored.");
                    break;
                default:
                    Problem($"unknown field {Quote(field)} ignored.");
                    break;
            }
        }
        return result with { Problems = problems };
    }

    private static McpExtension ReadAnnotations(McpExtension result, JsonObject annotations, Action<string> problem)
    {
        foreach (var (field, value) in annotations)
        {
            if (IsNull(value)) continue;
            var flag = Boolean(value);
            if (flag is null && field is "readOnlyHint" or "destructiveHint" or "idempotentHint" or "openWorldHint")
            {
                problem($"'annotations.{field}' must be a boolean; ignored.");
                continue;
            }
            result = field switch
            {
                "readOnlyHint" => result with { ReadOnlyHint = flag },
                "destructiveHint" => result with { DestructiveHint = flag },
                "idempotentHint" => result with { IdempotentHint = flag },
                "openWorldHint" => result with { OpenWorldHint = flag },
                _ => Unknown(result, field, problem),
            };
        }
        return result;
    }

    private static McpExtension Unknown(McpExtension result, string field, Action<string> problem)
    {
        problem($"unknown annotation {Quote(field)} ignored.");
        return result;
    }

    private static JsonNode? NodeOf(IOpenApiExtension extension) => extension is JsonNodeExtension json ? json.Node : null;

    private static bool IsNull(JsonNode? node) => node is null || JsonNullSentinel.IsJsonNullSentinel(node);

    private static string? String(JsonNode? node)
        => node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { } text
           && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static bool? Boolean(JsonNode? node) => (node as JsonValue)?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static string Quote(string text) => "'" + (text.Length <= 80 ? text : text[..80] + "…") + "'";
}
