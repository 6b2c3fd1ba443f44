using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace McpPlatform.OpenApi.Schemas;

/// <summary>
/// Translates OpenAPI schemas into JSON Schema 2020-12 nodes for one tool schema. With <see cref="SchemaReferences.Inline"/>
/// references are inlined until they recurse, nest too deep or the size budget runs out; from then on they become
/// <c>$ref</c>s into <c>$defs</c>. With <see cref="SchemaReferences.Definitions"/> every resolvable reference does.
/// </summary>
internal sealed class SchemaTranslator(SchemaResolver resolver, SchemaDirection direction, ConversionBudget budget, SchemaReferences references)
{
    private const int MaxInlineRefDepth = 12;
    // Keeps emitted JSON under 64 levels, the default limit of System.Text.Json readers that will parse these schemas.
    private const int MaxDepth = 20;
    private const int NodeBudget = 20_000;

    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OpenApiSchemaReference> _pendingDefs = new(StringComparer.Ordinal);
    private readonly DefinitionNames _definitionNames = new();
    private readonly Queue<string> _defQueue = new();
    private readonly SortedSet<string> _notes = new(StringComparer.Ordinal);
    private int _nodes;

    /// <summary>Approximations made so far (for warnings).</summary>
    public IReadOnlyCollection<string> Notes => _notes;

    public SchemaResolver Resolver => resolver;

    public JsonObject Translate(IOpenApiSchema? schema) => Translate(schema, 0);

    /// <summary>Translates the schema with its root reference expanded, so the result carries the root's own keywords.</summary>
    public JsonObject TranslateInline(IOpenApiSchema? schema)
    {
        if (schema is not OpenApiSchemaReference reference) return Translate(schema, 0);
        var target = resolver.Resolve(reference);
        if (target is null) return Dangling(reference);
        var key = SchemaResolver.KeyOf(reference);
        _inProgress.Add(key);
        try { return TranslateConcrete(target, 0); }
        finally { _inProgress.Remove(key); }
    }

    /// <summary>Translates every schema referenced through <c>$defs</c>; null when none were needed.</summary>
    public JsonObject? BuildDefinitions()
    {
        if (_defQueue.Count == 0) return null;
        var definitions = new JsonObject();
        while (_defQueue.TryDequeue(out var key))
        {
            var reference = _pendingDefs[key];
            var target = resolver.Resolve(reference);
            _inProgress.Add(key);
            definitions[_definitionNames.For(key)] = target is null ? Dangling(reference) : TranslateConcrete(target, 1);
            _inProgress.Remove(key);
        }
        return definitions;
    }

    private JsonObject Translate(IOpenApiSchema? schema, int depth)
    {
        if (schema is null) return [];
        if (schema is OpenApiSchemaReference reference)
        {
            var key = SchemaResolver.KeyOf(reference);
            if (KeepsAsDefinition(key, reference, depth)) return ReferenceToDefinition(key, reference);
            var target = resolver.Resolve(reference);
            if (target is null) return Dangling(reference);
            _inProgress.Add(key);
            try { return TranslateConcrete(target, depth); }
            finally { _inProgress.Remove(key); }
        }
        if (depth >= MaxDepth)
        {
            _notes.Add($"schema nesting deeper than {MaxDepth} levels was cut (accepting any value there)");
            return [];
        }
        return TranslateConcrete(schema, depth);
    }

    /// <summary>Whether a reference becomes a <c>$ref</c> into <c>$defs</c> rather than being inlined here.</summary>
    private bool KeepsAsDefinition(string key, OpenApiSchemaReference reference, int depth) => references == SchemaReferences.Definitions
        // A dangling reference accepts any value in place rather than pointing at an empty definition.
        ? resolver.Resolve(reference) is not null
        : _inProgress.Contains(key) || depth >= MaxInlineRefDepth || _nodes > NodeBudget;

    private JsonObject ReferenceToDefinition(string key, OpenApiSchemaReference reference)
    {
        if (_pendingDefs.TryAdd(key, reference)) _defQueue.Enqueue(key);
        return new JsonObject { ["$ref"] = "#/$defs/" + _definitionNames.For(key) };
    }

    private JsonObject Dangling(OpenApiSchemaReference reference)
    {
        _notes.Add($"$ref '{reference.Reference.ReferenceV3 ?? reference.Reference.Id}' could not be resolved (accepting any value there)");
        return [];
    }

    private JsonObject TranslateConcrete(IOpenApiSchema schema, int depth)
    {
        _nodes++;
        budget.Spend();
        var node = new JsonObject();
        if (!string.IsNullOrEmpty(schema.Title)) node["title"] = schema.Title;
        if (!string.IsNullOrEmpty(schema.Description)) node["description"] = schema.Description;
        WriteType(schema, node);
        WriteValueKeywords(schema, node);
        WriteArrayKeywords(schema, node, depth);
        WriteObjectKeywords(schema, node, depth);
        WriteComposition(schema, node, depth);
        return node;
    }

    private void WriteType(IOpenApiSchema schema, JsonObject node)
    {
        if (schema.Type is { } type)
        {
            var names = TypeNames(type);
            node["type"] = names.Count == 1 ? names[0] : new JsonArray([.. names.Select(n => (JsonNode)n)]);
        }
        if (!string.IsNullOrEmpty(schema.Format)) node["format"] = schema.Format;
        if (direction == SchemaDirection.Input && schema.Format == "binary")
        {
            // Agents can only send text: file content travels base64-encoded and the request builder decodes it.
            node["contentEncoding"] = "base64";
            node["description"] = AppendSentence(schema.Description, "File content, base64-encoded.");
            _notes.Add("binary file content is passed as a base64-encoded string");
        }
    }

    private static void WriteValueKeywords(IOpenApiSchema schema, JsonObject node)
    {
        if (schema.Const is not null) node["const"] = SchemaValues.Const(schema.Const, schema.Type);
        if (schema.Enum is { Count: > 0 } values)
        {
            // Duplicates are dropped: JSON Schema wants enum items unique and strict validators refuse the schema otherwise.
            var list = new JsonArray();
            foreach (var value in values.Select(SchemaValues.Copy))
                if (!list.Any(existing => JsonNode.DeepEquals(existing, value))) list.Add(value);
            // A nullable enum must also list null, or the type union's null would be rejected by the enum.
            if (schema.Type is { } t && t.HasFlag(JsonSchemaType.Null) && list.All(v => v is not null))
                list.Add(null);
            node["enum"] = list;
        }
        if (schema.Default is not null) node["default"] = SchemaValues.Copy(schema.Default);
        if (schema.MultipleOf is { } multipleOf) node["multipleOf"] = multipleOf;
        WriteNumber(node, "minimum", schema.Minimum);
        WriteNumber(node, "maximum", schema.Maximum);
        WriteNumber(node, "exclusiveMinimum", schema.ExclusiveMinimum);
        WriteNumber(node, "exclusiveMaximum", schema.ExclusiveMaximum);
        if (schema.MinLength is { } minLength) node["minLength"] = minLength;
        if (schema.MaxLength is { } maxLength) node["maxLength"] = maxLength;
        if (!string.IsNullOrEmpty(schema.Pattern)) node["pattern"] = schema.Pattern;
        if (schema.Deprecated) node["deprecated"] = true;
        if (schema.ReadOnly) node["readOnly"] = true;
        if (schema.WriteOnly) node["writeOnly"] = true;
        if (schema.Examples is { Count: > 0 } examples) node["examples"] = new JsonArray([.. examples.Select(SchemaValues.Copy)]);
    }

    private void WriteArrayKeywords(IOpenApiSchema schema, JsonObject node, int depth)
    {
        var isArray = schema.Type is { } type && type.HasFlag(JsonSchemaType.Array);
        if (schema.Items is not null) node["items"] = Translate(schema.Items, depth + 1);
        else if (isArray)
        {
            node["items"] = new JsonObject();
            _notes.Add("an array schema has no 'items'; any item is accepted");
        }
        if (schema.MinItems is { } minItems) node["minItems"] = minItems;
        if (schema.MaxItems is { } maxItems) node["maxItems"] = maxItems;
        if (schema.UniqueItems is true) node["uniqueItems"] = true;
    }

    private void WriteObjectKeywords(IOpenApiSchema schema, JsonObject node, int depth)
    {
        var left = new HashSet<string>(StringComparer.Ordinal);
        if (schema.Properties is { Count: > 0 } properties)
        {
            var translated = new JsonObject();
            foreach (var (name, property) in properties)
            {
                // Read-only properties are never sent and write-only ones never returned; leaving them (and their
                // 'required') in would make the agent send server-owned fields or make valid results fail validation.
                if (direction == SchemaDirection.Input ? IsReadOnly(property) : IsWriteOnly(property)) { left.Add(name); continue; }
                translated[name] = Translate(property, depth + 1);
            }
            node["properties"] = translated;
        }
        if (schema.Required is { Count: > 0 } required)
        {
            var kept = required.Where(r => !left.Contains(r)).ToList();
            if (kept.Count > 0) node["required"] = new JsonArray([.. kept.Select(r => (JsonNode)r)]);
        }
        if (schema.AdditionalProperties is not null) node["additionalProperties"] = Translate(schema.AdditionalProperties, depth + 1);
        else if (!schema.AdditionalPropertiesAllowed && direction == SchemaDirection.Input) node["additionalProperties"] = false;
        if (schema.PatternProperties is { Count: > 0 } patterns)
        {
            var translated = new JsonObject();
            foreach (var (pattern, property) in patterns) translated[pattern] = Translate(property, depth + 1);
            node["patternProperties"] = translated;
        }
        if (schema.MinProperties is { } minProperties) node["minProperties"] = minProperties;
        if (schema.MaxProperties is { } maxProperties) node["maxProperties"] = maxProperties;
    }

    private void WriteComposition(IOpenApiSchema schema, JsonObject node, int depth)
    {
        WriteList(node, "allOf", schema.AllOf, depth);
        // oneOf becomes anyOf: documents rarely make their variants mutually exclusive (objects without
        // additionalProperties: false, or two string variants, match the same value), and under oneOf such a value
        // fails validation against every variant, so arguments are refused and results rejected. anyOf keeps the choice.
        WriteList(node, "anyOf", schema.OneOf, depth);
        if (schema.OneOf is { Count: > 0 } && schema.AnyOf is { Count: > 0 })
        {
            var both = node["allOf"] as JsonArray ?? [];
            both.Add(new JsonObject { ["anyOf"] = List(schema.AnyOf, depth) });
            node["allOf"] = both;
        }
        else WriteList(node, "anyOf", schema.AnyOf, depth);
        if (schema.Not is not null) node["not"] = Translate(schema.Not, depth + 1);
        if (schema.Discriminator is { PropertyName: { } propertyName } discriminator)
        {
            // 'discriminator' is not a JSON Schema keyword and strict validators reject unknown keywords,
            // so the hint travels in the description where agents read it. Without a mapping, the values are the
            // names of the referenced variant schemas (OpenAPI's implicit mapping).
            var implicitValues = (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).OfType<OpenApiSchemaReference>()
                .Select(r => r.Reference.Id).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var values = discriminator.Mapping is { Count: > 0 } mapping ? $" (one of: {string.Join(", ", mapping.Keys)})"
                : implicitValues.Count > 0 ? $" (one of: {string.Join(", ", implicitValues)})" : "";
            node["description"] = AppendSentence(node["description"]?.GetValue<string>(), $"The '{propertyName}' property selects the variant{values}.");
        }
    }

    private void WriteList(JsonObject node, string keyword, IList<IOpenApiSchema>? schemas, int depth)
    {
        if (schemas is not { Count: > 0 }) return;
        node[keyword] = List(schemas, depth);
    }

    private JsonArray List(IList<IOpenApiSchema> schemas, int depth) => new([.. schemas.Select(s => (JsonNode)Translate(s, depth + 1))]);

    private bool IsReadOnly(IOpenApiSchema property) => resolver.Resolve(property)?.ReadOnly == true;

    private bool IsWriteOnly(IOpenApiSchema property) => resolver.Resolve(property)?.WriteOnly == true;

    private static void WriteNumber(JsonObject node, string keyword, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)) node[keyword] = exact;
        else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var approximate) && double.IsFinite(approximate))
            node[keyword] = approximate;
    }

    private static List<string> TypeNames(JsonSchemaType type)
    {
        var names = new List<string>(2);
        if (type.HasFlag(JsonSchemaType.String)) names.Add("string");
        if (type.HasFlag(JsonSchemaType.Number)) names.Add("number");
        if (type.HasFlag(JsonSchemaType.Integer)) names.Add("integer");
        if (type.HasFlag(JsonSchemaType.Boolean)) names.Add("boolean");
        if (type.HasFlag(JsonSchemaType.Object)) names.Add("object");
        if (type.HasFlag(JsonSchemaType.Array)) names.Add("array");
        if (type.HasFlag(JsonSchemaType.Null)) names.Add("null");
        return names;
    }

    private static string AppendSentence(string? text, string sentence)
        => string.IsNullOrWhiteSpace(text) ? sentence : $"{text.TrimEnd()} {sentence}";
}
