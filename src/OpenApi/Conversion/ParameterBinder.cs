using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Parsing;
using McpPlatform.OpenApi.Schemas;
using Microsoft.OpenApi;
using Location = McpPlatform.OpenApi.Model.ParameterLocation;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>Turns path-level and operation-level parameters (operation wins) into arguments and bindings.</summary>
internal sealed partial class ParameterBinder(SwaggerCollectionFormats collectionFormats, bool isSwagger2)
{
    // OpenAPI: these header parameters SHALL be ignored; the platform owns them.
    private static readonly HashSet<string> ReservedHeaders = new(["Accept", "Content-Type", "Authorization"], StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"\{([^{}/]+)\}")]
    private static partial Regex TemplateVariable();

    public List<ParameterBinding> Bind(OperationContext context, SchemaTranslator translator, InputSchemaBuilder schema, List<string> warnings)
    {
        var bindings = new List<ParameterBinding>();
        foreach (var parameter in Merge(context, warnings))
        {
            var location = Map(parameter.In!.Value);
            var name = parameter.Name!;
            if (location == Location.Header && ReservedHeaders.Contains(name)) continue;

            var argument = schema.Names.Claim(name, location.ToString().ToLowerInvariant());
            var required = location == Location.Path || parameter.Required;
            schema.Add(argument, ArgumentSchema(context, parameter, translator, warnings), required);
            var (style, explode) = StyleOf(context, parameter, location);
            bindings.Add(new ParameterBinding
            {
                Argument = argument, Name = name, In = location, Style = style, Explode = explode,
                Required = required, AllowReserved = parameter.AllowReserved,
                ContentType = parameter.Schema is null ? parameter.Content?.Keys.FirstOrDefault() : null,
            });
        }
        AddUndeclaredPathVariables(context, schema, bindings, warnings);
        return bindings;
    }

    private static List<IOpenApiParameter> Merge(OperationContext context, List<string> warnings)
    {
        var merged = new List<IOpenApiParameter>();
        foreach (var list in new[] { context.PathItem.Parameters, context.Operation.Parameters })
        {
            if (list is null) continue;
            foreach (var parameter in list)
            {
                if (parameter?.Name is null || parameter.In is null)
                {
                    warnings.Add($"{context.Label}: a parameter without name or location (or an unresolved $ref) was skipped.");
                    continue;
                }
                var index = merged.FindIndex(m => m.Name == parameter.Name && m.In == parameter.In);
                if (index >= 0) merged[index] = parameter;
                else merged.Add(parameter);
            }
        }
        return merged;
    }

    private static JsonObject ArgumentSchema(OperationContext context, IOpenApiParameter parameter, SchemaTranslator translator, List<string> warnings)
    {
        JsonObject node;
        if (parameter.Schema is not null) node = translator.Translate(parameter.Schema);
        else if (parameter.Content?.Values.FirstOrDefault() is { } media)
        {
            node = translator.Translate(media.Schema);
        }
        else node = new JsonObject { ["type"] = "string" };
        if (!string.IsNullOrWhiteSpace(parameter.Description)) node["description"] = parameter.Description;
        if (parameter.Deprecated) node["deprecated"] = true;
        return node;
    }

    private (string Style, bool Explode) StyleOf(OperationContext context, IOpenApiParameter parameter, Location location)
    {
        if (isSwagger2 && collectionFormats.IsAvailable)
        {
            var format = collectionFormats.Find(context.Path, context.Method, parameter.In.ToString()!.ToLowerInvariant(), parameter.Name!);
            // Swagger 2.0 arrays default to csv, which the library reads as exploded form.
            return ParameterStyles.FromCollectionFormat(format ?? "csv", location);
        }
        if (parameter.Content is { Count: > 0 } && parameter.Schema is null) return (ParameterStyles.DefaultFor(location), false);
        var style = parameter.Style is { } declared ? ParameterStyles.Name(declared) : ParameterStyles.DefaultFor(location);
        return (style, parameter.Explode);
    }

    private static void AddUndeclaredPathVariables(OperationContext context, InputSchemaBuilder schema, List<ParameterBinding> bindings, List<string> warnings)
    {
        foreach (Match match in TemplateVariable().Matches(context.Path))
        {
            var name = match.Groups[1].Value;
            if (bindings.Any(b => b.In == Location.Path && b.Name == name)) continue;
            var argument = schema.Names.Claim(name, "path");
            schema.Add(argument, new JsonObject { ["type"] = "string" }, required: true);
            bindings.Add(new ParameterBinding { Argument = argument, Name = name, In = Location.Path, Style = "simple", Explode = false, Required = true });
            warnings.Add($"{context.Label}: path variable '{name}' is not declared as a parameter; added as a required string.");
        }
    }

    private static Location Map(Microsoft.OpenApi.ParameterLocation location) => location switch
    {
        Microsoft.OpenApi.ParameterLocation.Path => Location.Path,
        Microsoft.OpenApi.ParameterLocation.Header => Location.Header,
        Microsoft.OpenApi.ParameterLocation.Cookie => Location.Cookie,
        _ => Location.Query,
    };
}
