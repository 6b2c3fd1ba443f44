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
    public static ConversionResult Convert(string documentText, ConversionOptions options)
        => Convert(documentText, options, ConversionBudget.DefaultMaxNodes);

    /// <param name="maxSchemaNodes">Cap on schema nodes emitted for the whole document (tests lower it).</param>
    internal static ConversionResult Convert(string documentText, ConversionOptions options, int maxSchemaNodes)
    {
        ArgumentNullException.ThrowIfNull(options);
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
        var converter = new OperationConverter(new SchemaResolver(document.Components?.Schemas), parsed.CollectionFormats, parsed.IsSwagger2, budget);
        var filter = new OperationFilter(options);
        var namer = new ToolNamer(options.ToolPrefix);
        var tools = new List<ToolDefinition>();

        foreach (var (path, item) in document.Paths ?? [])
        {
            if (item?.Operations is null) continue;
            foreach (var (httpMethod, operation) in item.Operations)
            {
                var method = httpMethod.Method.ToUpperInvariant();
                var tags = operation.Tags?.Select(t => t.Name).OfType<string>().ToList() ?? [];
                if (!filter.Includes(operation.OperationId, ToolNamer.BaseName(operation.OperationId, method, path), tags)) continue;
                var context = new OperationContext(path, method, item, operation, "", tags);
                if (operation.Deprecated)
                {
                    warnings.Add($"{context.Label}: skipped because it is deprecated.");
                    continue;
                }
                context = context with { ToolName = namer.Next(operation.OperationId, method, path) };
                try
                {
                    tools.Add(converter.Convert(context, warnings));
                }
                catch (Exception e) when (e is not (OpenApiDocumentException or OutOfMemoryException or InsufficientExecutionStackException))
                {
                    warnings.Add($"{context.Label}: skipped because it could not be converted: {e.Message}");
                }
            }
        }

        return new ConversionResult
        {
            Tools = tools,
            Warnings = warnings,
            ServerUrl = ServerUrlResolver.Resolve(document),
            Title = document.Info?.Title,
            Version = document.Info?.Version,
        };
    }
}
