using System.Text.Json.Nodes;

namespace McpPlatform.OpenApi.Tests.Support;

/// <summary>Reads the <c>$defs</c> of a generated tool schema: which entries are referenced, and the schema with them expanded.</summary>
public static class SchemaDefinitions
{
    public const string Prefix = "#/$defs/";

    /// <summary>Every <c>$ref</c> value anywhere in the schema, <c>$defs</c> included.</summary>
    public static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue value ? [value.GetValue<string>()] : References(p.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };

    /// <summary>The <c>$defs</c> entries reachable from the root (outside <c>$defs</c>), following references between entries.</summary>
    public static IReadOnlySet<string> Reachable(JsonObject root)
    {
        var definitions = root["$defs"] as JsonObject ?? [];
        var outside = new JsonObject(root.Where(p => p.Key != "$defs").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(References(outside));
        while (pending.TryDequeue(out var reference))
        {
            if (!reference.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var name = reference[Prefix.Length..];
            if (reached.Add(name) && definitions[name] is { } definition)
                foreach (var next in References(definition)) pending.Enqueue(next);
        }
        return reached;
    }

    /// <summary>
    /// A copy with every reference replaced by its <c>$defs</c> entry (keywords beside the <c>$ref</c> win, as the
    /// converter's own overrides do when it inlines) and no <c>$defs</c>. Refuses recursive schemas.
    /// </summary>
    public static JsonObject Expand(JsonObject root)
    {
        var definitions = root["$defs"] as JsonObject ?? [];
        var expanded = (JsonObject)Expand(root, definitions, new HashSet<string>(StringComparer.Ordinal))!;
        expanded.Remove("$defs");
        return expanded;
    }

    private static JsonNode? Expand(JsonNode? node, JsonObject definitions, HashSet<string> expanding)
    {
        switch (node)
        {
            case JsonObject obj when obj["$ref"] is JsonValue reference && reference.GetValue<string>().StartsWith(Prefix, StringComparison.Ordinal):
                var name = reference.GetValue<string>()[Prefix.Length..];
                if (!expanding.Add(name)) throw new InvalidOperationException($"$defs entry '{name}' refers to itself; the schema cannot be expanded.");
                var definition = definitions[name] ?? throw new KeyNotFoundException($"No $defs entry '{name}'.");
                var target = (JsonObject)Expand(definition, definitions, expanding)!;
                expanding.Remove(name);
                foreach (var (key, value) in obj.Where(p => p.Key != "$ref")) target[key] = Expand(value, definitions, expanding);
                return target;
            case JsonObject obj:
                return new JsonObject(obj.Where(p => p.Key != "$defs").Select(p => KeyValuePair.Create(p.Key, Expand(p.Value, definitions, expanding))));
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Expand(item, definitions, expanding))]);
            default:
                return node?.DeepClone();
        }
    }
}
