using System.Text.Json.Nodes;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>Collects the arguments of one tool into a <c>type: object</c> root schema.</summary>
internal sealed class InputSchemaBuilder
{
    private readonly JsonObject _properties = new();
    private readonly List<string> _required = [];

    public ArgumentNames Names { get; } = new();

    public void Add(string argument, JsonNode schema, bool required)
    {
        _properties[argument] = schema;
        if (required) _required.Add(argument);
    }

    public JsonObject Build(JsonObject? definitions)
    {
        var root = new JsonObject { ["type"] = "object", ["properties"] = _properties };
        if (_required.Count > 0) root["required"] = new JsonArray([.. _required.Select(r => (JsonNode)r)]);
        if (definitions is not null) root["$defs"] = definitions;
        return root;
    }
}
