using System.Text.Json.Nodes;

namespace McpPlatform.OpenApi.Tests.Support;

/// <summary>Walks a JSON Schema document and yields every schema object in it.</summary>
public static class SchemaNodes
{
    private static readonly string[] SchemaMaps = ["properties", "patternProperties", "$defs"];
    private static readonly string[] SchemaLists = ["allOf", "oneOf", "anyOf", "prefixItems"];
    private static readonly string[] SchemaValues = ["items", "additionalProperties", "not"];

    public static IEnumerable<JsonObject> All(JsonObject root)
    {
        var stack = new Stack<JsonObject>([root]);
        while (stack.TryPop(out var node))
        {
            yield return node;
            foreach (var key in SchemaMaps)
                if (node[key] is JsonObject map)
                    foreach (var (_, child) in map) if (child is JsonObject o) stack.Push(o);
            foreach (var key in SchemaLists)
                if (node[key] is JsonArray list)
                    foreach (var child in list) if (child is JsonObject o) stack.Push(o);
            foreach (var key in SchemaValues)
                if (node[key] is JsonObject o) stack.Push(o);
        }
    }

    public static bool HasType(JsonObject schema, string type) => schema["type"] switch
    {
        JsonValue value => value.GetValue<string>() == type,
        JsonArray values => values.Any(v => v?.GetValue<string>() == type),
        _ => false,
    };
}
