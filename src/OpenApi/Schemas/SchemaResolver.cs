using Microsoft.OpenApi;

namespace McpPlatform.OpenApi.Schemas;

/// <summary>Follows <c>$ref</c> chains to a concrete schema without touching the library's lazy proxies, which recurse forever on alias cycles.</summary>
internal sealed class SchemaResolver(IDictionary<string, IOpenApiSchema>? components)
{
    private const int MaxChainLength = 32;
    private readonly IDictionary<string, IOpenApiSchema> _components = components ?? new Dictionary<string, IOpenApiSchema>();

    /// <summary>The concrete schema behind <paramref name="schema"/>, or null when the reference is dangling or cyclic.</summary>
    public IOpenApiSchema? Resolve(IOpenApiSchema? schema)
    {
        var current = schema;
        for (var hops = 0; current is OpenApiSchemaReference reference; hops++)
        {
            if (hops >= MaxChainLength) return null;
            if (reference.Reference.IsExternal)
                throw new OpenApiDocumentException($"External $ref '{reference.Reference.ReferenceV3}' is not supported.");
            current = reference.Reference.Id is { } id && _components.TryGetValue(id, out var next) ? next : SafeTarget(reference);
        }
        return current;
    }

    /// <summary>Stable key for a reference, used as the <c>$defs</c> entry name.</summary>
    public static string KeyOf(OpenApiSchemaReference reference)
        => reference.Reference.Id ?? reference.Reference.ReferenceV3 ?? "ref";

    /// <summary>True when the schema describes a JSON object (explicitly, by properties, or through allOf of objects).</summary>
    public bool IsObject(IOpenApiSchema? schema, int depth = 0)
    {
        var resolved = Resolve(schema);
        if (resolved is null || depth > 8) return false;
        if (resolved.Type is { } type) return (type & ~JsonSchemaType.Null) == JsonSchemaType.Object;
        if (resolved.OneOf is { Count: > 0 } || resolved.AnyOf is { Count: > 0 }) return false;
        if (resolved.Properties is { Count: > 0 } || resolved.AdditionalProperties is not null) return true;
        return resolved.AllOf is { Count: > 0 } parts && parts.Any(p => IsObject(p, depth + 1));
    }

    private static IOpenApiSchema? SafeTarget(OpenApiSchemaReference reference)
    {
        try { return reference.Target; }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or ArgumentException) { return null; }
    }
}
