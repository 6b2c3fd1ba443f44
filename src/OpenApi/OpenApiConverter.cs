using System.Runtime.ExceptionServices;
using McpPlatform.OpenApi.Conversion;
using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Naming;
using McpPlatform.OpenApi.Parsing;
using McpPlatform.OpenApi.Schemas;

namespace McpPlatform.OpenApi;

/// <summary>Converts an OpenAPI document (2.0, 3.0, 3.1; JSON or YAML) into MCP tool definitions.</summary>
public static class OpenApiConverter
{
    // Parsing recurses per nesting level; a dedicated stack makes the depth limits, not the thread, the bound.
    private const int StackBytes = 64 * 1024 * 1024;

    /// <exception cref="OpenApiDocumentException">The document is invalid or refused.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <see cref="ConversionOptions.MaxToolNameLength"/> is outside 8..128 or <see cref="ConversionOptions.MaxDescriptionLength"/> is below 32
    /// (the exception's ParamName names the option), or <see cref="ConversionOptions.SchemaReferences"/> is not a defined value.
    /// </exception>
    public static ConversionResult Convert(string documentText, ConversionOptions options)
        => Convert(documentText, options, ConversionBudget.DefaultMaxNodes);

    /// <param name="maxSchemaNodes">Cap on schema nodes emitted for the whole document (tests lower it).</param>
    internal static ConversionResult Convert(string documentText, ConversionOptions options, int maxSchemaNodes)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        ConversionResult? result = null;
        ExceptionDispatchInfo? failure = null;
        var worker = new Thread(() =>
        {
            try { result = ConvertOnCurrentThread(documentText, options, maxSchemaNodes); }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
        }, StackBytes) { IsBackground = true, Name = "openapi-conversion" };
        worker.Start();
        worker.Join();
        failure?.Throw();
        return result!;
    }

    private static ConversionResult ConvertOnCurrentThread(string documentText, ConversionOptions options, int maxSchemaNodes)
    {
        var parsed = DocumentReader.Read(documentText);
        var document = parsed.Document;
        var warnings = new List<string>(parsed.Warnings);
        var budget = new ConversionBudget(maxSchemaNodes);
        var schemas = new SchemaTranslators(new SchemaResolver(document.Components?.Schemas), budget, options.SchemaReferences);
        var converter = new OperationConverter(schemas, parsed.CollectionFormats, parsed.IsSwagger2);
        var filter = new OperationFilter(options);
        var namer = new ToolNamer(options.ToolPrefix, options.MaxToolNameLength ?? ToolNamer.McpMaxLength);
        var descriptions = new DescriptionBudget(options.MaxDescriptionLength);
        var tools = new List<ToolDefinition>();
        var filteredOut = 0;

        foreach (var (path, item) in document.Paths ?? [])
        {
            if (item?.Operations is null) continue;
            foreach (var (httpMethod, operation) in item.Operations)
            {
                var method = httpMethod.Method.ToUpperInvariant();
                var tags = operation.Tags?.Select(t => t.Name).OfType<string>().ToList() ?? [];
                var context = new OperationContext(path, method, item, operation, "", tags);
                var mcp = McpExtension.Read(operation, context.Label);
                if (mcp.Hidden) continue;
                if (!filter.Includes(FilterNames(operation.OperationId, method, path, mcp), method, tags))
                {
                    filteredOut++;
                    continue;
                }
                warnings.AddRange(mcp.Problems);
                if (operation.Deprecated && !options.IncludeDeprecated)
                {
                    warnings.Add($"{context.Label}: skipped because it is deprecated.");
                    continue;
                }
                var name = namer.Next(operation.OperationId, method, path, mcp.Name);
                if (mcp.Name is not null && name.Deduplicated)
                    warnings.Add($"{context.Label}: {McpExtension.Key} name '{mcp.Name}' is already taken; the tool is named '{name.Value}'.");
                if (name.WasShortened)
                    warnings.Add($"{context.Label}: tool name '{name.Unshortened}' is longer than {options.MaxToolNameLength ?? ToolNamer.McpMaxLength} characters; shortened to '{name.Value}'.");
                context = context with { ToolName = name.Value };
                try
                {
                    var tool = converter.Convert(context, warnings);
                    tools.Add(tool with
                    {
                        Title = mcp.Title ?? tool.Title,
                        Description = descriptions.Apply(MarkDeprecated(operation.Deprecated, mcp.Description ?? tool.Description)),
                        Hints = mcp.ApplyTo(tool.Hints),
                    });
                }
                catch (Exception e) when (e is not (OpenApiDocumentException or OutOfMemoryException or InsufficientExecutionStackException))
                {
                    warnings.Add($"{context.Label}: skipped because it could not be converted: {e.Message}");
                }
            }
        }

        if (filteredOut > 0)
            warnings.Add($"{filteredOut} operation{(filteredOut == 1 ? " was" : "s were")} left out by the API's filters (include/exclude/readOnly).");
        if (descriptions.Summary() is { } cut) warnings.Add(cut);

        return new ConversionResult
        {
            Tools = tools,
            Warnings = warnings,
            ServerUrl = ServerUrlResolver.Resolve(document),
            Title = document.Info?.Title,
            Version = document.Info?.Version,
        };
    }

    /// <exception cref="ArgumentOutOfRangeException">A limit is outside its allowed range.</exception>
    private static void Validate(ConversionOptions options)
    {
        if (options.MaxToolNameLength is < ToolNamer.MinLength or > ToolNamer.McpMaxLength)
            throw new ArgumentOutOfRangeException(nameof(ConversionOptions.MaxToolNameLength), options.MaxToolNameLength,
                $"{nameof(ConversionOptions.MaxToolNameLength)} must be between {ToolNamer.MinLength} and {ToolNamer.McpMaxLength}.");
        if (!Enum.IsDefined(options.SchemaReferences))
            throw new ArgumentOutOfRangeException(nameof(ConversionOptions.SchemaReferences), options.SchemaReferences,
                $"{nameof(ConversionOptions.SchemaReferences)} must be {nameof(SchemaReferences.Inline)} or {nameof(SchemaReferences.Definitions)}.");
        if (options.MaxDescriptionLength is < DescriptionBudget.MinLength)
            throw new ArgumentOutOfRangeException(nameof(ConversionOptions.MaxDescriptionLength), options.MaxDescriptionLength,
                $"{nameof(ConversionOptions.MaxDescriptionLength)} must be at least {DescriptionBudget.MinLength}.");
    }

    /// <summary>The operationId and every name the tool may be known by, for include/exclude by operation.</summary>
    private static string[] FilterNames(string? operationId, string method, string path, McpExtension mcp)
    {
        var baseName = ToolNamer.BaseName(operationId, method, path);
        string?[] names = [operationId, baseName, mcp.Name];
        return names.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
    }

    private static string? MarkDeprecated(bool deprecated, string? description)
    {
        const string marker = "Deprecated.";
        if (!deprecated) return description;
        if (string.IsNullOrWhiteSpace(description)) return marker;
        var saysSo = description.StartsWith("Deprecated", StringComparison.OrdinalIgnoreCase)
            && (description.Length == 10 || !char.IsLetter(description[10]));
        return saysSo ? description : $"{marker} {description}";
    }
}
