using System.Text;
using System.Text.Json.Nodes;

namespace McpPlatform.OpenApi.Parsing;

/// <summary>
/// Local <c>$ref</c>s that point inside other objects (e.g. <c>#/paths/~1a/post/requestBody/content/application~1json/schema/properties/x</c>)
/// are copied into component schemas and re-pointed there, because the library keeps only the last pointer segment
/// of such references and cannot resolve them.
/// </summary>
internal static class DeepReferenceRewriter
{
    private const int MaxRewrites = 200;
    private const int MaxCopiedNodes = 200_000;
    private static readonly HashSet<string> LiteralKeywords = new(["example", "examples", "default", "enum", "const", "value"], StringComparer.Ordinal);
    // Maps whose keys are names chosen by the author (a property may well be called "example").
    private static readonly HashSet<string> NameMaps = new(["properties", "patternProperties", "definitions", "schemas", "$defs", "paths", "parameters", "responses", "requestBodies", "headers", "content", "callbacks", "securitySchemes", "links", "encoding", "variables", "mapping"], StringComparer.Ordinal);
    private static readonly HashSet<string> SchemaSegments = new(["schema", "schemas", "definitions", "properties", "items", "$defs"], StringComparer.Ordinal);

    public static List<string> Rewrite(JsonObject root)
    {
        var warnings = new List<string>();
        var holders = FindDeepReferenceHolders(root);
        if (holders.Count == 0) return warnings;

        var swagger2 = root["swagger"] is not null;
        var prefix = swagger2 ? "#/definitions/" : "#/components/schemas/";
        var container = swagger2 ? Child(root, "definitions") : Child(Child(root, "components"), "schemas");
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var targets = new List<(string Name, JsonNode Target)>();
        var budget = MaxCopiedNodes;

        foreach (var pointer in holders.Select(h => h["$ref"]!.GetValue<string>()).Distinct(StringComparer.Ordinal))
        {
            if (!Segments(pointer).Any(SchemaSegments.Contains)) continue;
            if (names.Count >= MaxRewrites || Resolve(root, pointer) is not { } target || (budget -= CountNodes(target, budget)) <= 0)
            {
                warnings.Add($"Document issue: $ref '{pointer}' could not be resolved.");
                continue;
            }
            var name = UniqueName(container, pointer);
            names[pointer] = name;
            targets.Add((name, target));
            container[name] = null; // reserve the name
        }
        foreach (var holder in holders)
            if (names.TryGetValue(holder["$ref"]!.GetValue<string>(), out var name)) holder["$ref"] = prefix + name;
        // Copy after re-pointing so references inside the copies are already rewritten.
        foreach (var (name, target) in targets) container[name] = target.DeepClone();
        return warnings;
    }

    private static List<JsonObject> FindDeepReferenceHolders(JsonObject root)
    {
        var holders = new List<JsonObject>();
        var stack = new Stack<(JsonNode Node, bool NamesMap)>([(root, false)]);
        while (stack.TryPop(out var entry))
        {
            if (entry.Node is JsonObject obj)
            {
                if (obj["$ref"] is JsonValue value && value.TryGetValue(out string? reference) && IsDeep(reference)) holders.Add(obj);
                foreach (var (key, child) in obj)
                {
                    // Example and default values are literal data: a "$ref" inside them is not a reference.
                    if (child is null || (!entry.NamesMap && LiteralKeywords.Contains(key))) continue;
                    stack.Push((child, NameMaps.Contains(key) && !entry.NamesMap));
                }
            }
            else if (entry.Node is JsonArray array)
                foreach (var child in array) if (child is not null) stack.Push((child, false));
        }
        return holders;
    }

    /// <summary>Standard forms are <c>#/components/{type}/{name}</c> (3.x) and <c>#/{definitions|parameters|responses}/{name}</c> (2.0).</summary>
    private static bool IsDeep(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) return false;
        var segments = reference.AsSpan(2).Count('/') + 1;
        return reference.StartsWith("#/components/", StringComparison.Ordinal) ? segments > 3 : segments > 2;
    }

    private static IEnumerable<string> Segments(string pointer)
        => pointer[2..].Split('/').Select(s => Uri.UnescapeDataString(s).Replace("~1", "/").Replace("~0", "~"));

    private static JsonNode? Resolve(JsonObject root, string pointer)
    {
        JsonNode? current = root;
        foreach (var segment in Segments(pointer))
        {
            current = current switch
            {
                JsonObject obj => obj[segment],
                JsonArray array when int.TryParse(segment, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
            if (current is null) return null;
        }
        return current;
    }

    private static int CountNodes(JsonNode node, int limit)
    {
        var count = 0;
        var stack = new Stack<JsonNode>([node]);
        while (stack.TryPop(out var current) && count <= limit)
        {
            count++;
            if (current is JsonObject obj) foreach (var (_, child) in obj) { if (child is not null) stack.Push(child); }
            else if (current is JsonArray array) foreach (var child in array) if (child is not null) stack.Push(child);
        }
        return count;
    }

    private static string UniqueName(JsonObject container, string pointer)
    {
        var builder = new StringBuilder("ref_");
        foreach (var c in pointer[2..]) builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_');
        var name = builder.ToString();
        for (var n = 2; container.ContainsKey(name); n++) name = $"{builder}_{n}";
        return name;
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing) return existing;
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }
}
