using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Schemas;
using Microsoft.OpenApi;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>
/// Turns the request body into arguments: object bodies with plain properties are flattened into top-level arguments
/// (clashing names get a <c>body_</c> prefix); anything else becomes one <c>body</c> argument.
/// A flattened body whose root declares <c>additionalProperties: false</c> closes the input schema root the same way;
/// a whole <c>body</c> argument keeps that keyword inside its own schema.
/// </summary>
internal static class BodyBinder
{
    public static BodyBinding? Bind(OperationContext context, SchemaTranslator translator, InputSchemaBuilder schema, List<string> warnings)
    {
        var requestBody = context.Operation.RequestBody;
        if (requestBody is null) return null;
        if (MediaTypes.SelectRequest(requestBody.Content) is not var (mediaType, media, encoding))
        {
            warnings.Add($"{context.Label}: the request body declares no media type; no body is sent.");
            return null;
        }
        var required = requestBody.Required;
        switch (encoding)
        {
            case BodyEncoding.Text:
                return WholeBody(schema, mediaType, encoding, required,
                    new JsonObject { ["type"] = "string", ["description"] = Describe(requestBody.Description, $"Request body ({mediaType}).") });
            case BodyEncoding.Binary:
                warnings.Add($"{context.Label}: the {mediaType} request body is passed as a base64-encoded string.");
                return WholeBody(schema, mediaType, encoding, required, new JsonObject
                {
                    ["type"] = "string", ["contentEncoding"] = "base64",
                    ["description"] = Describe(requestBody.Description, $"Request body ({mediaType}), base64-encoded."),
                });
        }
        if (CanFlatten(translator.Resolver, media.Schema)
            && Flatten(context, translator, schema, media, mediaType, encoding, required, warnings) is { } flattened)
            return flattened;

        var node = translator.Translate(media.Schema);
        if (!string.IsNullOrWhiteSpace(requestBody.Description) && !IsDescribed(translator.Resolver, media.Schema, node)) node["description"] = requestBody.Description;
        return WholeBody(schema, mediaType, encoding, required, node);
    }

    private static BodyBinding WholeBody(InputSchemaBuilder schema, string mediaType, BodyEncoding encoding, bool required, JsonObject node)
    {
        var argument = schema.Names.Claim("body", "request");
        schema.Add(argument, node, required);
        return new BodyBinding { MediaType = mediaType, Encoding = encoding, Required = required, Argument = argument };
    }

    private static BodyBinding? Flatten(OperationContext context, SchemaTranslator translator, InputSchemaBuilder schema,
        OpenApiMediaType media, string mediaType, BodyEncoding encoding, bool required, List<string> warnings)
    {
        var node = translator.TranslateInline(media.Schema);
        if (node["properties"] is not JsonObject properties || properties.Count == 0) return null;
        var requiredList = (node["required"] as JsonArray)?.Select(r => r?.GetValue<string>()).OfType<string>().Distinct(StringComparer.Ordinal).ToList() ?? [];
        var requiredProperties = requiredList.ToHashSet(StringComparer.Ordinal);
        var declared = translator.Resolver.Resolve(media.Schema)?.Properties;
        var bindings = new List<BodyPropertyBinding>();
        foreach (var (property, propertySchema) in properties.ToList())
        {
            properties.Remove(property);
            var argument = schema.Names.Claim(property, "body");
            // A property the body schema requires is required even when the document leaves the body itself optional
            // (requestBody.required defaults to false and many documents omit it, e.g. every Twilio create form):
            // whenever a body is sent it must carry these, and without them the API refuses the call.
            schema.Add(argument, propertySchema!, requiredProperties.Contains(property));
            var isFile = encoding == BodyEncoding.Multipart && declared is not null
                && declared.TryGetValue(property, out var declaredSchema) && IsFile(translator.Resolver, declaredSchema);
            var partType = encoding == BodyEncoding.Multipart && media.Encoding?.TryGetValue(property, out var partEncoding) == true
                ? partEncoding.ContentType : null;
            bindings.Add(new BodyPropertyBinding(argument, property, isFile) { ContentType = partType });
        }
        // A required name without a 'properties' entry still has to be sent (JSON Schema requires the member whatever
        // its value), so it becomes a required argument accepting any value; dropping it would make every call fail.
        foreach (var property in requiredList.Where(r => !bindings.Any(b => b.Property == r)))
        {
            var argument = schema.Names.Claim(property, "body");
            schema.Add(argument, new JsonObject(), required: true);
            var partType = encoding == BodyEncoding.Multipart && media.Encoding?.TryGetValue(property, out var partEncoding) == true
                ? partEncoding.ContentType : null;
            bindings.Add(new BodyPropertyBinding(argument, property) { ContentType = partType });
            warnings.Add($"{context.Label}: required body property '{property}' has no schema under 'properties'; it accepts any value.");
        }
        // The body's own properties are now root arguments, so its closedness carries over to the root: unknown arguments
        // are refused by the argument validator instead of being silently dropped from the request.
        if (node["additionalProperties"] is JsonValue closed && closed.GetValueKind() == JsonValueKind.False) schema.RejectUnknownArguments();
        return new BodyBinding { MediaType = mediaType, Encoding = encoding, Required = required, Properties = bindings };
    }

    /// <summary>Only plain objects flatten: free-form maps and polymorphic roots keep their shape under one argument.</summary>
    private static bool CanFlatten(SchemaResolver resolver, IOpenApiSchema? schema)
    {
        var resolved = resolver.Resolve(schema);
        return resolved is { Properties.Count: > 0, AdditionalProperties: null, Not: null, Discriminator: null }
            && resolver.IsObject(resolved)
            && resolved.AllOf is not { Count: > 0 } && resolved.OneOf is not { Count: > 0 } && resolved.AnyOf is not { Count: > 0 };
    }

    /// <summary>
    /// Whether the body's schema describes itself. A body kept as a <c>$ref</c> into <c>$defs</c> is described when its
    /// component is, so the request body's description does not override the component's there either.
    /// </summary>
    private static bool IsDescribed(SchemaResolver resolver, IOpenApiSchema? schema, JsonObject node)
        => node.ContainsKey("description") || (node.ContainsKey("$ref") && !string.IsNullOrEmpty(resolver.Resolve(schema)?.Description));

    private static bool IsFile(SchemaResolver resolver, IOpenApiSchema schema)
    {
        var resolved = resolver.Resolve(schema);
        if (resolved?.Format == "binary") return true;
        return resolved?.Type is { } type && type.HasFlag(JsonSchemaType.Array) && resolver.Resolve(resolved.Items)?.Format == "binary";
    }

    private static string Describe(string? description, string fallback) => string.IsNullOrWhiteSpace(description) ? fallback : description;
}
