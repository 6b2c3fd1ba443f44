using Microsoft.OpenApi;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>One operation being converted, with where it sits in the document.</summary>
internal sealed record OperationContext(
    string Path, string Method, IOpenApiPathItem PathItem, OpenApiOperation Operation, string ToolName, IReadOnlyList<string> Tags)
{
    /// <summary>How warnings name the operation.</summary>
    public string Label => Operation.OperationId is { Length: > 0 } id ? $"{id} ({Method} {Path})" : $"{Method} {Path}";
}
