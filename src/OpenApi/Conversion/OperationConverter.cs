using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Parsing;
using McpPlatform.OpenApi.Schemas;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>Converts one operation into one tool: arguments, request binding, output schema and hints.</summary>
internal sealed class OperationConverter(SchemaTranslators schemas, SwaggerCollectionFormats collectionFormats, bool isSwagger2)
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ParameterBinder _parameters = new(collectionFormats, isSwagger2);

    public ToolDefinition Convert(OperationContext context, List<string> warnings)
    {
        var operation = context.Operation;
        var translator = schemas.Create(SchemaDirection.Input);
        var input = new InputSchemaBuilder();
        var parameters = _parameters.Bind(context, translator, input, warnings);
        var body = BodyBinder.Bind(context, translator, input, warnings);
        var inputSchema = input.Build(translator.BuildDefinitions());
        var output = OutputSchemaBuilder.Build(operation, schemas);

        foreach (var note in translator.Notes) warnings.Add($"{context.Label}: input: {note}.");
        if (output is not null)
            foreach (var note in output.Notes) warnings.Add($"{context.Label}: output: {note}.");

        return new ToolDefinition
        {
            Name = context.ToolName,
            Title = string.IsNullOrWhiteSpace(operation.Summary) ? null : operation.Summary.Trim(),
            Description = Describe(operation.Summary, operation.Description),
            InputSchema = inputSchema.ToJsonString(Compact),
            OutputSchema = output?.Schema.ToJsonString(Compact),
            Hints = MethodHints.For(context.Method),
            OperationId = operation.OperationId,
            Tags = context.Tags,
            Binding = new OperationBinding
            {
                Method = context.Method,
                PathTemplate = context.Path,
                Parameters = parameters,
                Body = body,
                ResponseWrapProperty = output?.WrapProperty,
                Accept = output?.MediaType,
            },
        };
    }

    private static string? Describe(string? summary, string? description)
    {
        var s = summary?.Trim();
        var d = description?.Trim();
        if (string.IsNullOrEmpty(d)) return string.IsNullOrEmpty(s) ? null : s;
        if (string.IsNullOrEmpty(s) || d.StartsWith(s, StringComparison.Ordinal)) return d;
        return $"{s}\n\n{d}";
    }
}
