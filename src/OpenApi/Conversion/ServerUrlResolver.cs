using Microsoft.OpenApi;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>The document's first server with variables replaced by their defaults (the library maps 2.0 host/basePath to a server).</summary>
internal static class ServerUrlResolver
{
    public static string? Resolve(OpenApiDocument document)
    {
        var server = document.Servers?.FirstOrDefault(s => !string.IsNullOrWhiteSpace(s.Url));
        if (server?.Url is not { } url) return null;
        if (server.Variables is { Count: > 0 } variables)
            foreach (var (name, variable) in variables)
                url = url.Replace("{" + name + "}", variable.Default ?? "", StringComparison.Ordinal);
        return url;
    }
}
