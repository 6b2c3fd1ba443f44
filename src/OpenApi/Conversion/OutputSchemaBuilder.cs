using System.Text.Json.Nodes;
using McpPlatform.OpenApi.Schemas;
using Microsoft.OpenApi;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>The output schema: the first 2xx JSON response, wrapped under <c>result</c> when it is not an object.</summary>
internal static class OutputSchemaBuilder
{
    public const string WrapProperty = "result";

    public sealed record Output(JsonObject Schema, string? WrapProperty, string MediaType, IReadOnlyCollection<string> Notes);

    public static Output? Build(OpenApiOperation operation, SchemaTranslators schemas)
    {
        var resolver = schemas.Resolver;
        if (operation.Responses is null) return null;
        var successes = operation.Responses
            .Where(r => r.Key.Length == 3 && r.Key[0] == '2')
            .OrderBy(r => r.Key.ToUpperInvariant(), StringComparer.Ordinal);
        foreach (var (_, response) in successes)
        {
            if (MediaTypes.SelectJsonResponse(response?.Content) is not var (mediaType, media)) continue;
            var translator = schemas.Create(SchemaDirection.Output);
            JsonObject root;
            string? wrap = null;
            if (media.Schema is { } schema && resolver.IsObject(schema))
            {
                root = translator.TranslateInline(schema);
                // structuredContent is always an object, even when the document says the object may be null.
                root["type"] = "object";
            }
            else
            {
                wrap = WrapProperty;
                root = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject { [WrapProperty] = translator.Translate(media.Schema) },
                    ["required"] = new JsonArray(WrapProperty),
                };
            }
            if (translator.BuildDefinitions() is { } definitions) root["$defs"] = definitions;
            return new Output(JsonSchemaDialect.Declare(root), wrap, mediaType, translator.Notes);
        }
        return null;
    }
}
