using System.Text.Json.Nodes;

namespace McpPlatform.OpenApi.Parsing;

/// <summary>
/// Swagger 2.0 <c>collectionFormat</c> per parameter, read from the raw document because the library maps
/// <c>csv</c> to exploded form and rejects <c>tsv</c>. Keys: path, method ("" for path-level), location, name.
/// </summary>
internal sealed class SwaggerCollectionFormats
{
    /// <summary>For documents whose raw form was not inspected (YAML, OpenAPI 3): the library's styles are used as they are.</summary>
    public static readonly SwaggerCollectionFormats Unavailable = new(new Dictionary<string, string>(), isAvailable: false);

    private readonly Dictionary<string, string> _formats;

    private SwaggerCollectionFormats(Dictionary<string, string> formats, bool isAvailable)
    {
        _formats = formats;
        IsAvailable = isAvailable;
    }

    public bool IsAvailable { get; }

    public string? Find(string path, string method, string location, string name)
        => _formats.GetValueOrDefault(Key(path, method, location, name))
           ?? _formats.GetValueOrDefault(Key(path, "", location, name));

    /// <summary>Records every collectionFormat and rewrites <c>tsv</c> to <c>csv</c> so the library accepts the document.</summary>
    public static SwaggerCollectionFormats ExtractAndNormalize(JsonObject root)
    {
        if (root["swagger"] is null) return Unavailable;
        if (root["paths"] is not JsonObject paths) return new SwaggerCollectionFormats([], isAvailable: true);
        var sharedParameters = root["parameters"] as JsonObject;
        var formats = new Dictionary<string, string>();
        NormalizeShared(sharedParameters);
        foreach (var (path, item) in paths)
        {
            if (item is not JsonObject pathItem) continue;
            foreach (var (key, value) in pathItem)
            {
                if (key == "parameters") Record(formats, path, "", value, sharedParameters);
                else if (value is JsonObject operation) Record(formats, path, key.ToUpperInvariant(), operation["parameters"], sharedParameters);
            }
        }
        return new SwaggerCollectionFormats(formats, isAvailable: true);
    }

    private static void NormalizeShared(JsonObject? sharedParameters)
    {
        if (sharedParameters is null) return;
        foreach (var (_, parameter) in sharedParameters)
            if (parameter is JsonObject p) ReadFormat(p);
    }

    private static void Record(Dictionary<string, string> formats, string path, string method, JsonNode? parameters, JsonObject? shared)
    {
        if (parameters is not JsonArray list) return;
        foreach (var entry in list)
        {
            if (entry is not JsonObject parameter) continue;
            if (parameter["$ref"]?.GetValue<string>() is { } reference && shared is not null
                && reference.StartsWith("#/parameters/", StringComparison.Ordinal))
            {
                parameter = shared[Unescape(reference["#/parameters/".Length..])] as JsonObject ?? parameter;
            }
            var format = ReadFormat(parameter);
            if (format is null || parameter["name"] is not JsonValue name || parameter["in"] is not JsonValue location) continue;
            formats[Key(path, method, location.ToString(), name.ToString())] = format;
        }
    }

    private static string? ReadFormat(JsonObject parameter)
    {
        var node = parameter["collectionFormat"] ?? (parameter["items"] as JsonObject)?["collectionFormat"];
        if (node is not JsonValue value || !value.TryGetValue(out string? format)) return null;
        if (format == "tsv" && parameter["collectionFormat"] is not null) parameter["collectionFormat"] = "csv";
        return format;
    }

    private static string Unescape(string pointerSegment) => pointerSegment.Replace("~1", "/").Replace("~0", "~");

    private static string Key(string path, string method, string location, string name) => $"{path}\n{method}\n{location}\n{name}";
}
