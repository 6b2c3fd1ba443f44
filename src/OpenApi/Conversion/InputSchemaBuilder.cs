using System.Text.Json.Nodes;
using McpPlatform.OpenApi.Schemas;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>Collects the arguments of one tool into a <c>type: object</c> root schema.</summary>
internal sealed class InputSchemaBuilder
{
    private readonly JsonObject _properties = new();
    private readonly List<string> _required = [];

    public ArgumentNames Names { get; } = new();

    /// <summary>
    /// Whether the root refuses arguments it does not name (<c>additionalProperties: false</c>). Set only when the document
    /// says so: a flattened body whose root schema declares <c>additionalProperties: false</c>. Every argument (parameter
    /// or body property) is a named property of the root, so closing it refuses only names the operation cannot take.
    /// </summary>
    public bool RejectsUnknownArguments { get; private set; }

    public void RejectUnknownArguments() => RejectsUnknownArguments = true;

    public void Add(string argument, JsonNode schema, bool required)
    {
        _properties[argument] = schema;
        if (required) _required.Add(argument);
    }

    public JsonObject Build(JsonObject? definitions)
    {
        var root = new JsonObject { ["$schema"] = JsonSchemaDialect.Uri, ["type"] = "object", ["properties"] = _properties };
        if (_required.Count > 0) root["required"] = new JsonArray([.. _required.Select(r => (JsonNode)r)]);
        if (RejectsUnknownArguments) root["additionalProperties"] = false;
        if (definitions is not null) root["$defs"] = definitions;
        return root;
    }
}
