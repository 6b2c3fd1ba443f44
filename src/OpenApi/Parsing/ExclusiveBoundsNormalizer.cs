using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpPlatform.OpenApi.Parsing;

/// <summary>
/// Brings <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c> into the form the library's reader for the document's version
/// understands, before it reads the document. The two JSON Schema dialects differ:
/// <list type="bullet">
/// <item>draft-04 (OpenAPI 3.0, and 3.1 schemas declaring an older <c>$schema</c>): a boolean that makes
/// <c>minimum</c>/<c>maximum</c> exclusive;</item>
/// <item>2020-12 (OpenAPI 3.1): the exclusive bound itself, a number, independent of <c>minimum</c>/<c>maximum</c>.</item>
/// </list>
/// The 3.1 reader keeps a boolean as the text "True" and hides <c>minimum</c> whenever <c>exclusiveMinimum</c> is present,
/// so all bounds were lost; the 3.0 reader throws on a number, refusing the whole document. 3.1 documents get the
/// numeric form (<c>minimum: 10, exclusiveMinimum: true</c> → <c>exclusiveMinimum: 10</c>; <c>false</c> is dropped and
/// the bound stays inclusive), 3.0 documents the boolean one (<c>exclusiveMinimum: 10</c> → <c>minimum: 10,
/// exclusiveMinimum: true</c>). When both a number and the other bound are given, the stricter one is kept.
/// Swagger 2.0 documents are left alone (its reader already reads the boolean form in schemas).
/// </summary>
internal static class ExclusiveBoundsNormalizer
{
    // Example and default values are literal data; an "exclusiveMinimum" inside them is not a keyword.
    private static readonly HashSet<string> LiteralKeywords = new(["example", "examples", "default", "enum", "const", "value"], StringComparer.Ordinal);
    // Maps whose keys are names chosen by the author (a property may well be called "example" or "exclusiveMinimum").
    private static readonly HashSet<string> NameMaps = new(["properties", "patternProperties", "definitions", "schemas", "$defs", "dependentSchemas", "paths", "parameters", "responses", "requestBodies", "headers", "content", "callbacks", "securitySchemes", "links", "encoding", "variables", "mapping", "webhooks", "pathItems"], StringComparer.Ordinal);

    private static readonly (string Inclusive, string Exclusive, bool Lower)[] Bounds =
    [
        ("minimum", "exclusiveMinimum", true),
        ("maximum", "exclusiveMaximum", false),
    ];

    public static void Normalize(JsonObject root)
    {
        if (root["openapi"] is not JsonValue version || !version.TryGetValue(out string? text) || !text.StartsWith("3.", StringComparison.Ordinal))
            return;
        var booleanForm = text.StartsWith("3.0", StringComparison.Ordinal);
        foreach (var schema in FindCandidates(root))
            foreach (var bound in Bounds)
            {
                if (booleanForm) ToBooleanForm(schema, bound.Inclusive, bound.Exclusive, bound.Lower);
                else ToNumericForm(schema, bound.Inclusive, bound.Exclusive, bound.Lower);
            }
    }

    /// <summary>2020-12: <c>exclusiveMinimum</c> is the bound itself.</summary>
    private static void ToNumericForm(JsonObject schema, string inclusive, string exclusive, bool lower)
    {
        var flag = schema[exclusive];
        if (AsBoolean(flag) is { } isExclusive)
        {
            schema.Remove(exclusive);
            if (isExclusive && Number(schema[inclusive]) is not null)
            {
                var bound = schema[inclusive]!.DeepClone();
                schema.Remove(inclusive);
                schema[exclusive] = bound;
            }
            return;
        }
        // Both bounds as numbers: the library keeps only the exclusive one, so drop whichever is looser ourselves.
        if (Number(flag) is { } exclusiveBound && Number(schema[inclusive]) is { } inclusiveBound)
        {
            var inclusiveIsStricter = lower ? inclusiveBound > exclusiveBound : inclusiveBound < exclusiveBound;
            schema.Remove(inclusiveIsStricter ? exclusive : inclusive);
        }
    }

    /// <summary>draft-04: <c>exclusiveMinimum</c> is a flag on <c>minimum</c>.</summary>
    private static void ToBooleanForm(JsonObject schema, string inclusive, string exclusive, bool lower)
    {
        if (Number(schema[exclusive]) is not { } exclusiveBound) return;
        var inclusiveIsStricter = Number(schema[inclusive]) is { } inclusiveBound
            && (lower ? inclusiveBound > exclusiveBound : inclusiveBound < exclusiveBound);
        if (inclusiveIsStricter)
        {
            schema.Remove(exclusive);
            return;
        }
        schema[inclusive] = schema[exclusive]!.DeepClone();
        schema[exclusive] = true;
    }

    private static bool? AsBoolean(JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        if (value.GetValueKind() is JsonValueKind.True) return true;
        if (value.GetValueKind() is JsonValueKind.False) return false;
        // YAML scalars may arrive as text.
        return value.TryGetValue(out string? text) && bool.TryParse(text, out var flag) ? flag : null;
    }

    private static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        if (value.GetValueKind() is JsonValueKind.Number && value.TryGetValue(out double number)) return number;
        if (value.GetValueKind() is JsonValueKind.Number
            && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        return value.TryGetValue(out string? text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var fromText)
            && double.IsFinite(fromText) ? fromText : null;
    }

    private static List<JsonObject> FindCandidates(JsonObject root)
    {
        var candidates = new List<JsonObject>();
        var stack = new Stack<(JsonNode Node, bool NamesMap)>([(root, false)]);
        while (stack.TryPop(out var entry))
        {
            if (entry.Node is JsonObject obj)
            {
                if (!entry.NamesMap && (obj.ContainsKey("exclusiveMinimum") || obj.ContainsKey("exclusiveMaximum"))) candidates.Add(obj);
                foreach (var (key, child) in obj)
                {
                    if (child is null || (!entry.NamesMap && (LiteralKeywords.Contains(key) || key.StartsWith("x-", StringComparison.Ordinal)))) continue;
                    stack.Push((child, NameMaps.Contains(key) && !entry.NamesMap));
                }
            }
            else if (entry.Node is JsonArray array)
                foreach (var child in array) if (child is not null) stack.Push((child, false));
        }
        return candidates;
    }
}
