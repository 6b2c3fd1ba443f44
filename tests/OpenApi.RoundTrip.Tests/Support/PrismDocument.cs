using System.Text.Json.Nodes;

namespace McpPlatform.OpenApi.RoundTrip.Tests.Support;

/// <summary>
/// The document as given to Prism. Prism 5 deserializes an <c>application/x-www-form-urlencoded</c> array property
/// into an array only when the media type has an explicit <c>encoding</c> entry with a style; without one it validates
/// the raw text against <c>type: array</c> and rejects every request. OpenAPI defines the default for form bodies as
/// <c>style: form, explode: true</c> (repeated keys, what the request builder sends), so for such properties the
/// default is written out explicitly — the same document for OpenAPI, one Prism can validate. The same is done for
/// multipart/form-data arrays (OpenAPI ignores style there, Prism needs it). Swagger 2.0 bodies without any
/// <c>consumes</c> get application/json. Every change is printed with the document's report; documents that need no
/// change are given to Prism as they are.
/// </summary>
public static class PrismDocument
{
    public static (string Path, IReadOnlyList<string> Changes) Prepare(string originalPath, JsonObject document)
    {
        var copy = document.DeepClone().AsObject();
        var changes = document["swagger"] is not null ? Swagger2Consumes(copy) : FormArrays(copy);
        if (changes.Count == 0) return (originalPath, []);
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mcpplatform-roundtrip");
        Directory.CreateDirectory(directory);
        var prepared = System.IO.Path.Combine(directory, $"{System.IO.Path.GetFileNameWithoutExtension(originalPath)}-{Guid.NewGuid():N}.json");
        File.WriteAllText(prepared, copy.ToJsonString());
        return (prepared, changes);
    }

    private static List<string> FormArrays(JsonObject copy)
    {
        var changes = new List<string>();
        foreach (var (path, method, op) in Operations(copy))
        {
            if (Resolve(copy, op["requestBody"]) is not JsonObject body || body["content"] is not JsonObject content) continue;
            foreach (var mediaType in new[] { "application/x-www-form-urlencoded", "multipart/form-data" })
            {
                if (content[mediaType] is not JsonObject media) continue;
                if (Resolve(copy, media["schema"])?["properties"] is not JsonObject properties) continue;
                foreach (var (name, propertySchema) in properties.ToList())
                {
                    if (Resolve(copy, propertySchema) is not JsonObject schema || !IsArray(schema)) continue;
                    var encoding = media["encoding"] as JsonObject ?? (JsonObject)(media["encoding"] = new JsonObject());
                    if (encoding[name] is not JsonObject existing || existing["style"] is null)
                    {
                        encoding[name] = new JsonObject { ["style"] = "form", ["explode"] = true };
                        changes.Add($"{method.ToUpperInvariant()} {path}: {mediaType} encoding.{name} = form/explode (the OpenAPI default, made explicit for Prism)");
                    }
                    // Prism deserializes only `type: array`; a form field cannot carry a JSON null anyway.
                    if (mediaType == "application/x-www-form-urlencoded" && schema["nullable"] is JsonValue n && n.GetValue<bool>())
                    {
                        // A $ref'd schema is inlined first so the shared component stays as it is.
                        if (!ReferenceEquals(schema, propertySchema)) properties[name] = schema = schema.DeepClone().AsObject();
                        schema.Remove("nullable");
                        changes.Add($"{method.ToUpperInvariant()} {path}: {name} nullable dropped (a form field cannot be null; Prism skips nullable arrays)");
                    }
                }
            }
        }
        return changes;
    }

    /// <summary>
    /// Swagger 2.0 body parameter with no <c>consumes</c> anywhere: Prism then accepts no media type at all. The converter
    /// sends JSON (2.0 defines no default); the Prism copy declares application/json so the body is still validated.
    /// </summary>
    private static List<string> Swagger2Consumes(JsonObject copy)
    {
        var changes = new List<string>();
        if (copy["consumes"] is JsonArray { Count: > 0 }) return changes;
        foreach (var (path, method, op) in Operations(copy))
        {
            if (op["consumes"] is JsonArray { Count: > 0 }) continue;
            var parameters = (op["parameters"] as JsonArray ?? []).Concat(copy["paths"]![path]!["parameters"] as JsonArray ?? []);
            if (!parameters.Any(p => Resolve(copy, p)?["in"]?.GetValue<string>() == "body")) continue;
            op["consumes"] = new JsonArray("application/json");
            changes.Add($"{method.ToUpperInvariant()} {path}: consumes = [application/json] (none declared; what the converter sends)");
        }
        return changes;
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document)
    {
        foreach (var (path, item) in document["paths"] as JsonObject ?? [])
            foreach (var (method, operation) in item as JsonObject ?? [])
                if (operation is JsonObject op && method is "get" or "put" or "post" or "delete" or "options" or "head" or "patch" or "trace")
                    yield return (path, method, op);
    }

    private static bool IsArray(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue t => t.GetValue<string>() == "array",
        JsonArray types => types.Any(t => t?.GetValue<string>() == "array"),
        _ => false,
    };

    private static JsonNode? Resolve(JsonObject document, JsonNode? node)
    {
        for (var hops = 0; hops < 8 && node?["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal); hops++)
        {
            node = document;
            foreach (var token in reference[2..].Split('/'))
                node = node?[token.Replace("~1", "/").Replace("~0", "~")];
        }
        return node;
    }
}
