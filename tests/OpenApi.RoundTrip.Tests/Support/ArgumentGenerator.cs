using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace McpPlatform.OpenApi.RoundTrip.Tests.Support;

/// <summary>
/// Produces one deterministic, valid instance of a tool's input schema (JSON Schema 2020-12): either only the
/// required properties (at every level) or every property as well, so optional parameters are exercised too.
/// What it cannot satisfy (an unsatisfiable pattern, a <c>false</c> schema) is reported in <see cref="Limitations"/>.
/// </summary>
public sealed class ArgumentGenerator
{
    private const int MaxDepth = 24;
    private const int OptionalDepth = 5;
    private readonly JsonObject root;
    private readonly bool includeOptional;
    private readonly List<string> refStack = [];

    private readonly int branch;

    private ArgumentGenerator(JsonObject root, bool includeOptional, int branch)
    {
        this.root = root;
        this.includeOptional = includeOptional;
        this.branch = branch;
    }

    public List<string> Limitations { get; } = [];

    /// <param name="branch">Which branch of each oneOf/anyOf to take (0: the first non-null one; wraps around).</param>
    public static (JsonObject Arguments, IReadOnlyList<string> Limitations) Generate(string inputSchema, bool includeOptional, int branch = 0)
    {
        var root = JsonNode.Parse(inputSchema)!.AsObject();
        var generator = new ArgumentGenerator(root, includeOptional, branch);
        var value = generator.Value(root, "", 0) as JsonObject ?? [];
        return (value, generator.Limitations);
    }

    private JsonNode? Value(JsonNode? schemaNode, string at, int depth)
    {
        if (depth > MaxDepth)
        {
            Limitations.Add($"{at}: nesting deeper than {MaxDepth} (recursive required properties)");
            return null;
        }
        switch (schemaNode)
        {
            case null: return "example";
            case JsonValue v when v.TryGetValue<bool>(out var b):
                if (!b) Limitations.Add($"{at}: schema is false");
                return "example";
        }
        var marker = refStack.Count;
        try
        {
            return Generate(Flatten(schemaNode.AsObject(), at), at, depth);
        }
        finally
        {
            // $refs resolved for this schema stay on the stack while its subtree is generated (recursion guard).
            refStack.RemoveRange(marker, refStack.Count - marker);
        }
    }

    private JsonNode? Generate(JsonObject schema, string at, int depth)
    {
        var refName = schema["$ref"]?.GetValue<string>();
        if (refName is not null)
        {
            // Flatten leaves a $ref only when it is a recursion we stopped at.
            Limitations.Add($"{at}: recursive $ref {refName}");
            return null;
        }

        if (schema["const"] is { } constant) return constant.DeepClone();
        if (schema["enum"] is JsonArray { Count: > 0 } values) return values.FirstOrDefault(e => e is not null)?.DeepClone() ?? values[0]?.DeepClone();

        return TypeOf(schema) switch
        {
            "object" => ObjectValue(schema, at, depth),
            "array" => ArrayValue(schema, at, depth),
            "integer" => NumberValue(schema, integer: true),
            "number" => NumberValue(schema, integer: false),
            "boolean" => true,
            "null" => null,
            _ => StringValue(schema, at),
        };
    }

    private static string TypeOf(JsonObject schema)
    {
        switch (schema["type"])
        {
            case JsonValue t: return t.GetValue<string>();
            case JsonArray types:
                var first = types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null");
                return first ?? "null";
        }
        if (schema["properties"] is not null || schema["additionalProperties"] is not null || schema["required"] is not null) return "object";
        if (schema["items"] is not null || schema["prefixItems"] is not null) return "array";
        if (schema["minimum"] is not null || schema["maximum"] is not null) return "number";
        return "string";
    }

    /// <summary>Resolves $ref, merges allOf and picks the first non-null branch of oneOf/anyOf, into one plain schema.</summary>
    private JsonObject Flatten(JsonObject schema, string at)
    {
        var result = new JsonObject();
        Merge(result, schema, at, 0);
        return result;
    }

    private void Merge(JsonObject target, JsonObject schema, string at, int level)
    {
        if (level > 16) return;
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            if (refStack.Count(r => r == reference) >= 2)
            {
                target["$ref"] = reference;
                return;
            }
            var resolved = Resolve(reference);
            if (resolved is null)
            {
                Limitations.Add($"{at}: unresolvable $ref {reference}");
            }
            else
            {
                refStack.Add(reference);
                Merge(target, resolved, at, level + 1);
            }
        }

        foreach (var (key, value) in schema)
        {
            switch (key)
            {
                case "$ref" or "$defs" or "definitions" or "oneOf" or "anyOf" or "allOf" or "not" or "discriminator":
                    break;
                case "properties":
                    var properties = target["properties"] as JsonObject ?? (JsonObject)(target["properties"] = new JsonObject());
                    foreach (var (name, propertySchema) in value!.AsObject())
                    {
                        if (properties[name] is JsonObject existing && propertySchema is JsonObject addition)
                            properties[name] = new JsonObject { ["allOf"] = new JsonArray(existing.DeepClone(), addition.DeepClone()) };
                        else
                            properties[name] = propertySchema?.DeepClone();
                    }
                    break;
                case "required":
                    var required = target["required"] as JsonArray ?? (JsonArray)(target["required"] = new JsonArray());
                    foreach (var name in value!.AsArray().Select(n => n!.GetValue<string>()))
                        if (!required.Any(r => r!.GetValue<string>() == name)) required.Add(name);
                    break;
                case "type" when target["type"] is not null:
                    // Both sides typed: keep the narrower (integer over number; a single type over a type array).
                    if (value is JsonValue v && v.GetValue<string>() is { } t && (t == "integer" || target["type"] is JsonArray)) target["type"] = t;
                    break;
                case "minimum" or "exclusiveMinimum" or "minLength" or "minItems" or "minProperties" when target[key] is not null:
                    target[key] = Math.Max(target[key]!.GetValue<double>(), value!.GetValue<double>());
                    break;
                case "maximum" or "exclusiveMaximum" or "maxLength" or "maxItems" or "maxProperties" when target[key] is not null:
                    target[key] = Math.Min(target[key]!.GetValue<double>(), value!.GetValue<double>());
                    break;
                default:
                    target[key] = value?.DeepClone();
                    break;
            }
        }

        if (schema["allOf"] is JsonArray all)
            foreach (var part in all.OfType<JsonObject>())
                Merge(target, part, at, level + 1);

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema[keyword] is not JsonArray branches || branches.Count == 0) continue;
            var candidates = branches.OfType<JsonObject>().Where(b => !IsNullSchema(b)).ToList();
            if (candidates.Count == 0) candidates = branches.OfType<JsonObject>().ToList();
            if (candidates.Count > 0) Merge(target, candidates[branch % candidates.Count], at, level + 1);
        }
    }

    private bool IsNullSchema(JsonObject schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference && Resolve(reference) is { } resolved) return IsNullSchema(resolved);
        return schema["type"] is JsonValue t && t.GetValue<string>() == "null";
    }

    private JsonObject? Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) return null;
        JsonNode? node = root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (node is null) return null;
        }
        return node as JsonObject;
    }

    private JsonObject ObjectValue(JsonObject schema, string at, int depth)
    {
        var result = new JsonObject();
        var required = (schema["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
        var properties = schema["properties"] as JsonObject ?? [];
        var optional = includeOptional && depth < OptionalDepth;
        foreach (var (name, propertySchema) in properties)
        {
            var isRequired = required.Contains(name);
            if (!isRequired && !optional) continue;
            if (propertySchema is JsonObject p && p["readOnly"] is JsonValue ro && ro.GetValue<bool>() && !isRequired) continue;
            if (!isRequired && IsRecursive(propertySchema)) continue;
            var before = Limitations.Count;
            var value = Value(propertySchema, $"{at}/{name}", depth + 1);
            if (!isRequired && Limitations.Count > before)
            {
                // An optional property we cannot produce is simply left out.
                Limitations.RemoveRange(before, Limitations.Count - before);
                continue;
            }
            result[name] = value;
        }
        foreach (var name in required.Where(r => !properties.ContainsKey(r)))
            result[name] = schema["additionalProperties"] is JsonObject extra ? Value(extra, $"{at}/{name}", depth + 1) : "example";

        var minProperties = (int)(schema["minProperties"]?.GetValue<double>() ?? 0);
        if (schema["additionalProperties"] is JsonObject additional && properties.Count == 0 && (optional || minProperties > result.Count))
        {
            var count = Math.Max(1, minProperties - result.Count);
            for (var i = 0; i < count; i++) result[i == 0 ? "key" : $"key{i}"] = Value(additional, $"{at}/key{i}", depth + 1);
        }
        return result;
    }

    private bool IsRecursive(JsonNode? schema)
        => schema is JsonObject o && o["$ref"]?.GetValue<string>() is { } reference && refStack.Contains(reference)
           || schema is JsonObject a && a["items"] is JsonObject items && items["$ref"]?.GetValue<string>() is { } itemRef && refStack.Contains(itemRef);

    private JsonArray ArrayValue(JsonObject schema, string at, int depth)
    {
        var result = new JsonArray();
        if (schema["prefixItems"] is JsonArray prefix)
            foreach (var item in prefix) result.Add(Value(item, $"{at}/{result.Count}", depth + 1));
        var minItems = (int)(schema["minItems"]?.GetValue<double>() ?? 0);
        var maxItems = (int)(schema["maxItems"]?.GetValue<double>() ?? int.MaxValue);
        var count = Math.Min(Math.Max(minItems, 1), maxItems);
        if (schema["items"] is JsonValue itemsFlag && !itemsFlag.GetValue<bool>()) count = result.Count;
        var unique = schema["uniqueItems"] is JsonValue u && u.GetValue<bool>();
        while (result.Count < count)
        {
            var index = result.Count;
            var value = Value(schema["items"], $"{at}/{index}", depth + 1);
            if (unique && index > 0) value = Vary(schema["items"], value, index, at);
            result.Add(value);
        }
        return result;
    }

    /// <summary>A different item for uniqueItems arrays: the next enum value, the next number, a suffixed string.</summary>
    private JsonNode? Vary(JsonNode? itemSchema, JsonNode? value, int index, string at)
    {
        var marker = refStack.Count;
        var flat = itemSchema is JsonObject o ? Flatten(o, at) : null;
        refStack.RemoveRange(marker, refStack.Count - marker);
        if (flat?["enum"] is JsonArray values)
        {
            if (index < values.Count) return values[index]?.DeepClone();
            Limitations.Add($"{at}: uniqueItems needs more items than the enum has");
            return value;
        }
        return value switch
        {
            JsonValue n when n.TryGetValue<long>(out var l) => l + index,
            JsonValue n when n.TryGetValue<double>(out var d) => d + index,
            JsonValue s when s.TryGetValue<string>(out var text) => text + index.ToString(CultureInfo.InvariantCulture),
            _ => value,
        };
    }

    private static JsonNode NumberValue(JsonObject schema, bool integer)
    {
        double? Get(string key) => schema[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
        var minimum = Get("minimum");
        var maximum = Get("maximum");
        var exclusiveMinimum = Get("exclusiveMinimum");
        var exclusiveMaximum = Get("exclusiveMaximum");
        var multipleOf = Get("multipleOf");
        var step = integer ? 1 : 0.5;

        double low = double.NegativeInfinity, high = double.PositiveInfinity;
        if (minimum is { } min) low = min;
        if (exclusiveMinimum is { } xmin) low = Math.Max(low, integer ? Math.Floor(xmin) + 1 : xmin + step);
        if (maximum is { } max) high = max;
        if (exclusiveMaximum is { } xmax) high = Math.Min(high, integer ? Math.Ceiling(xmax) - 1 : xmax - step);

        double value = integer ? 1 : 1.5;
        if (value < low) value = integer ? Math.Ceiling(low) : low;
        if (value > high) value = integer ? Math.Floor(high) : high;
        if (multipleOf is { } m && m > 0)
        {
            value = Math.Ceiling(value / m) * m;
            if (value > high) value = Math.Floor(high / m) * m;
        }
        if (integer || value == Math.Floor(value)) return JsonValue.Create((long)value);
        return JsonValue.Create(value);
    }

    private JsonNode StringValue(JsonObject schema, string at)
    {
        var format = schema["format"]?.GetValue<string>();
        var encoding = schema["contentEncoding"]?.GetValue<string>();
        var pattern = schema["pattern"]?.GetValue<string>();
        var minLength = (int)(schema["minLength"]?.GetValue<double>() ?? 0);
        var maxLength = (int)(schema["maxLength"]?.GetValue<double>() ?? int.MaxValue);

        var candidates = new List<string>();
        if (pattern is not null)
        {
            candidates.AddRange(Samples(schema));
            candidates.AddRange(RegexSampler.Samples(pattern));
        }
        var byFormat = (format, encoding) switch
        {
            (_, "base64") or ("byte" or "binary" or "base64", _) => "aGVsbG8=",
            ("date", _) => "2024-01-15",
            ("date-time", _) => "2024-01-15T10:30:00Z",
            ("time", _) => "10:30:00Z",
            ("duration", _) => "P1D",
            ("uuid", _) => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            ("email" or "idn-email", _) => "user@example.com",
            ("uri" or "url" or "iri" or "uri-reference" or "iri-reference", _) => "https://example.com/resource",
            ("uri-template", _) => "https://example.com/{id}",
            ("hostname" or "idn-hostname", _) => "example.com",
            ("ipv4", _) => "192.0.2.1",
            ("ipv6", _) => "2001:db8::1",
            ("json-pointer", _) => "/items/0",
            ("relative-json-pointer", _) => "0/name",
            ("regex", _) => "^[a-z]+$",
            ("int32" or "int64" or "integer", _) => "1",
            ("number" or "double" or "float" or "decimal", _) => "1.5",
            ("password", _) => "secret-1",
            ("phone", _) => "+15555550100",
            _ => null,
        };
        if (byFormat is not null) candidates.Add(byFormat);
        candidates.Add(Fit("example", minLength, maxLength));
        if (pattern is null) candidates.AddRange(Samples(schema));

        foreach (var candidate in candidates)
        {
            if (candidate.Length < minLength || candidate.Length > maxLength) continue;
            if (pattern is not null && !Matches(pattern, candidate)) continue;
            return candidate;
        }
        Limitations.Add(pattern is not null
            ? $"{at}: no value found for pattern {pattern}"
            : $"{at}: no string of length {minLength}..{maxLength}");
        return candidates[0];
    }

    private static IEnumerable<string> Samples(JsonObject schema)
    {
        if (schema["examples"] is JsonArray examples)
            foreach (var example in examples.OfType<JsonValue>())
                if (example.TryGetValue<string>(out var s)) yield return s;
        if (schema["default"] is JsonValue d && d.TryGetValue<string>(out var def)) yield return def;
        if (schema["example"] is JsonValue e && e.TryGetValue<string>(out var ex)) yield return ex;
    }

    private static string Fit(string text, int minLength, int maxLength)
    {
        if (text.Length < minLength) text += new string('x', minLength - text.Length);
        if (text.Length > maxLength) text = text[..Math.Max(maxLength, 0)];
        return text;
    }

    internal static bool Matches(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
