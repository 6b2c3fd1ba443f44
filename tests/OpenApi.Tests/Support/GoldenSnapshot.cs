using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.OpenApi.Model;

namespace McpPlatform.OpenApi.Tests.Support;

/// <summary>
/// Canonical JSON of a conversion result for golden files: fixed property order, schemas as parsed JSON (not strings),
/// indented with <c>\n</c> line ends, nothing machine- or time-dependent.
/// </summary>
public static class GoldenSnapshot
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Of(ConversionResult result)
    {
        var root = new JsonObject
        {
            ["title"] = result.Title,
            ["version"] = result.Version,
            ["serverUrl"] = result.ServerUrl,
            ["tools"] = new JsonArray([.. result.Tools.Select(Tool)]),
            ["warnings"] = new JsonArray([.. result.Warnings.Select(w => (JsonNode)w)]),
        };
        return root.ToJsonString(Indented) + "\n";
    }

    private static JsonNode Tool(ToolDefinition tool) => new JsonObject
    {
        ["name"] = tool.Name,
        ["title"] = tool.Title,
        ["description"] = tool.Description,
        ["operationId"] = tool.OperationId,
        ["tags"] = new JsonArray([.. tool.Tags.Select(t => (JsonNode)t)]),
        ["hints"] = new JsonObject
        {
            ["readOnly"] = tool.Hints.ReadOnly,
            ["destructive"] = tool.Hints.Destructive,
            ["idempotent"] = tool.Hints.Idempotent,
            ["openWorld"] = tool.Hints.OpenWorld,
        },
        ["binding"] = Binding(tool.Binding),
        ["inputSchema"] = JsonNode.Parse(tool.InputSchema),
        ["outputSchema"] = tool.OutputSchema is null ? null : JsonNode.Parse(tool.OutputSchema),
    };

    private static JsonObject Binding(OperationBinding binding)
    {
        var node = new JsonObject
        {
            ["method"] = binding.Method,
            ["path"] = binding.PathTemplate,
            ["parameters"] = new JsonArray([.. binding.Parameters.Select(Parameter)]),
            ["body"] = binding.Body is null ? null : Body(binding.Body),
            ["accept"] = binding.Accept,
            ["responseWrapProperty"] = binding.ResponseWrapProperty,
        };
        return node;
    }

    private static JsonNode Parameter(ParameterBinding parameter)
    {
        var node = new JsonObject
        {
            ["argument"] = parameter.Argument,
            ["name"] = parameter.Name,
            ["in"] = parameter.In.ToString().ToLowerInvariant(),
            ["style"] = parameter.Style,
            ["explode"] = parameter.Explode,
            ["required"] = parameter.Required,
        };
        if (parameter.AllowReserved) node["allowReserved"] = true;
        if (parameter.ContentType is not null) node["contentType"] = parameter.ContentType;
        return node;
    }

    private static JsonObject Body(BodyBinding body)
    {
        var node = new JsonObject
        {
            ["mediaType"] = body.MediaType,
            ["encoding"] = body.Encoding.ToString(),
            ["required"] = body.Required,
        };
        if (body.Argument is not null) node["argument"] = body.Argument;
        if (body.Properties.Count > 0)
        {
            node["properties"] = new JsonArray([.. body.Properties.Select(p =>
            {
                var property = new JsonObject { ["argument"] = p.Argument, ["property"] = p.Property };
                if (p.IsFile) property["isFile"] = true;
                if (p.ContentType is not null) property["contentType"] = p.ContentType;
                return (JsonNode)property;
            })]);
        }
        return node;
    }
}
