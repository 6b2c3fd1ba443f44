namespace McpPlatform.OpenApi;

/// <summary>Converts an OpenAPI document (2.0, 3.0, 3.1; JSON or YAML) into MCP tool definitions.</summary>
public static class OpenApiConverter
{
    /// <exception cref="OpenApiDocumentException">The document is invalid or refused.</exception>
    public static ConversionResult Convert(string documentText, ConversionOptions options)
        => throw new NotImplementedException();
}
