using System.Text.Json;
using McpPlatform.Contracts.Registry;

namespace McpPlatform.Frontend.Admin;

/// <summary>
/// Reads the body of <c>PUT …/apis/{api}</c> by hand: <c>openApi</c> may be a JSON object or a JSON/YAML string,
/// and every mistake gets a message naming the field.
/// </summary>
public static class ApiRegistrationParser
{
    public const int MaxTimeoutSeconds = 300;
    public const int MinLargeResponseThreshold = 1024;
    public const int MaxLargeResponseThreshold = 64 * 1024 * 1024;
    public const int MinDescriptionLength = 32;
    public const int MaxDescriptionLength = 100_000;
    private static readonly HashSet<string> HttpMethods = new(StringComparer.OrdinalIgnoreCase) { "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE" };
    private const int MaxHeaders = 64;

    public static bool TryParse(JsonElement body, out ApiRegistrationRequest request, out string error)
    {
        request = new ApiRegistrationRequest();
        error = "";
        if (body.ValueKind != JsonValueKind.Object)
        {
            error = "The body must be a JSON object with 'openApiUrl' or 'openApi'.";
            return false;
        }

        string? url = null, document = null, baseUrl = null, prefix = null;
        int? timeout = null, descriptionMax = null, largeResponseThreshold = null;
        bool readOnly = false, includeDeprecated = false;
        var schemaReferences = SchemaReferenceMode.Inline;
        FilterSpec include = FilterSpec.Empty, exclude = FilterSpec.Empty;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        UpstreamAuth? auth = null;
        var forwardHeaders = new List<string>();
        foreach (var property in body.EnumerateObject())
        {
            var ok = property.Name switch
            {
                "openApiUrl" => TryString(property, out url, ref error),
                "openApi" => TryDocument(property.Value, out document, ref error),
                "baseUrl" => TryString(property, out baseUrl, ref error),
                "toolPrefix" => TryString(property, out prefix, ref error),
                "timeoutSeconds" => TryInt(property, 1, MaxTimeoutSeconds, out timeout, ref error),
                "descriptionMaxLength" => TryInt(property, MinDescriptionLength, MaxDescriptionLength, out descriptionMax, ref error),
                "largeResponseThresholdBytes" => TryInt(property, MinLargeResponseThreshold, MaxLargeResponseThreshold, out largeResponseThreshold, ref error),
                "readOnly" => TryBool(property, out readOnly, ref error),
                "includeDeprecated" => TryBool(property, out includeDeprecated, ref error),
                "schemaReferences" => TrySchemaReferences(property, out schemaReferences, ref error),
                "include" => FilterSpec.TryParse(property, out include, ref error),
                "exclude" => FilterSpec.TryParse(property, out exclude, ref error),
                "headers" => TryHeaders(property.Value, headers, ref error),
                "auth" => UpstreamAuthParser.TryParse(property, out auth, ref error),
                "forwardHeaders" => UpstreamAuthParser.TryParseForwardHeaders(property, forwardHeaders, ref error),
                _ => Unknown(property.Name, ref error),
            };
            if (!ok)
            {
                return false;
            }
        }

        if ((url is null) == (document is null))
        {
            error = "Give exactly one of 'openApiUrl' (where to fetch the document) or 'openApi' (the document itself).";
            return false;
        }

        if (url is not null && !HttpUrls.TryParse(url, out _))
        {
            error = $"'openApiUrl' must be an absolute http(s) URL; got '{url}'.";
            return false;
        }

        if (baseUrl is not null && !HttpUrls.TryParse(baseUrl, out _))
        {
            error = $"'baseUrl' must be an absolute http(s) URL; got '{baseUrl}'.";
            return false;
        }

        if (prefix is not null && !System.Text.RegularExpressions.Regex.IsMatch(prefix, "^[A-Za-z0-9_.-]{1,32}$"))
        {
            error = "'toolPrefix' may hold only letters, digits, '_', '.' and '-', at most 32 characters.";
            return false;
        }

        if (UpstreamAuthParser.Conflict(auth, forwardHeaders, headers) is { } conflict)
        {
            error = conflict;
            return false;
        }

        request = new ApiRegistrationRequest
        {
            OpenApiUrl = url,
            OpenApiDocument = document,
            BaseUrl = baseUrl,
            Options = new ApiOptions
            {
                IncludeOperations = include.Operations,
                IncludeTags = include.Tags,
                ExcludeOperations = exclude.Operations,
                ExcludeTags = exclude.Tags,
                IncludeMethods = include.Methods,
                ExcludeMethods = exclude.Methods,
                ReadOnly = readOnly,
                IncludeDeprecated = includeDeprecated,
                DescriptionMaxLength = descriptionMax,
                SchemaReferences = schemaReferences,
                ToolPrefix = prefix,
                TimeoutSeconds = timeout,
                LargeResponseThresholdBytes = largeResponseThreshold,
                Headers = headers,
                Auth = auth,
                ForwardHeaders = forwardHeaders,
            },
        };
        return true;
    }

    private static bool TryString(JsonProperty property, out string? value, ref string error)
    {
        value = null;
        if (property.Value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
        {
            error = $"'{property.Name}' must be a non-empty string.";
            return false;
        }

        value = property.Value.GetString();
        return true;
    }

    private static bool TryDocument(JsonElement value, out string? document, ref string error)
    {
        document = value.ValueKind switch
        {
            JsonValueKind.Object => value.GetRawText(),
            JsonValueKind.String => value.GetString(),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(document))
        {
            error = "'openApi' must be the OpenAPI document as a JSON object, or as a JSON or YAML string.";
            return false;
        }

        return true;
    }

    private static bool TryInt(JsonProperty property, int min, int max, out int? value, ref string error)
    {
        value = null;
        if (property.Value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out var number) || number < min || number > max)
        {
            error = $"'{property.Name}' must be a whole number from {min} to {max}.";
            return false;
        }

        value = number;
        return true;
    }

    private static bool TryBool(JsonProperty property, out bool value, ref string error)
    {
        value = property.Value.ValueKind == JsonValueKind.True;
        if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null)
        {
            return true;
        }

        error = $"'{property.Name}' must be true or false.";
        return false;
    }

    private static bool TrySchemaReferences(JsonProperty property, out SchemaReferenceMode value, ref string error)
    {
        value = SchemaReferenceMode.Inline;
        if (property.Value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        var name = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
        if (name is "inline" or "definitions")
        {
            value = name == "definitions" ? SchemaReferenceMode.Definitions : SchemaReferenceMode.Inline;
            return true;
        }

        error = $"'{property.Name}' must be \"inline\" (component schemas copied where they are used; the default) or \"definitions\" (kept as $defs entries referenced with $ref).";
        return false;
    }

    private static bool TryHeaders(JsonElement value, Dictionary<string, string> headers, ref string error)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            error = "'headers' must be an object of header names to string values.";
            return false;
        }

        foreach (var header in value.EnumerateObject())
        {
            if (header.Value.ValueKind != JsonValueKind.String || !IsToken(header.Name) || headers.Count >= MaxHeaders)
            {
                error = $"'headers': '{header.Name}' must be a valid header name with a string value (at most {MaxHeaders} headers).";
                return false;
            }

            headers[header.Name] = header.Value.GetString()!;
        }

        return true;
    }

    private static bool IsToken(string name) =>
        name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    private static bool Unknown(string name, ref string error)
    {
        error = $"Unknown field '{name}'. Known: openApiUrl, openApi, baseUrl, include, exclude, readOnly, includeDeprecated, toolPrefix, timeoutSeconds, descriptionMaxLength, schemaReferences, largeResponseThresholdBytes, headers, auth, forwardHeaders.";
        return false;
    }

    private sealed record FilterSpec(IReadOnlyList<string> Operations, IReadOnlyList<string> Tags, IReadOnlyList<string> Methods)
    {
        public static readonly FilterSpec Empty = new([], [], []);

        public static bool TryParse(JsonProperty property, out FilterSpec spec, ref string error)
        {
            spec = Empty;
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            var shape = $"'{property.Name}' must be an object like {{\"operations\": [\"listContacts\"], \"tags\": [\"crm\"], \"methods\": [\"GET\"]}}.";
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                error = shape;
                return false;
            }

            List<string> operations = [], tags = [], methods = [];
            foreach (var list in property.Value.EnumerateObject())
            {
                var target = list.Name switch { "operations" => operations, "tags" => tags, "methods" => methods, _ => null };
                if (target is null || list.Value.ValueKind != JsonValueKind.Array
                    || list.Value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
                {
                    error = shape;
                    return false;
                }

                target.AddRange(list.Value.EnumerateArray().Select(item => item.GetString()!));
            }

            if (methods.FirstOrDefault(m => !HttpMethods.Contains(m)) is { } unknown)
            {
                error = $"'{property.Name}.methods': '{unknown}' is not an HTTP method.";
                return false;
            }

            spec = new FilterSpec(operations, tags, methods.Select(m => m.ToUpperInvariant()).ToList());
            return true;
        }
    }
}
