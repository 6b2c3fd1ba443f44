using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.OpenApi.Model;

namespace McpPlatform.OpenApi.Tests.Support;

/// <summary>Shortcuts for converting inline documents and building requests from their tools.</summary>
public static class Convert
{
    public static ConversionResult Document(string text, ConversionOptions? options = null)
        => OpenApiConverter.Convert(text, options ?? new ConversionOptions());

    public static ToolDefinition Tool(string text, string name)
        => Document(text).Tools.Single(t => t.Name == name);

    public static JsonObject Input(ToolDefinition tool) => JsonNode.Parse(tool.InputSchema)!.AsObject();

    public static JsonObject Output(ToolDefinition tool) => JsonNode.Parse(tool.OutputSchema!)!.AsObject();

    public static HttpRequestMessage Request(ToolDefinition tool, string argumentsJson, string baseUrl = "https://api.example.com/v1")
        => Request(tool.Binding, argumentsJson, baseUrl);

    public static HttpRequestMessage Request(OperationBinding binding, string argumentsJson, string baseUrl = "https://api.example.com/v1")
    {
        using var arguments = JsonDocument.Parse(argumentsJson);
        return UpstreamRequestBuilder.Build(binding, new Uri(baseUrl), arguments.RootElement.Clone());
    }

    public static string[] Strings(JsonNode? array) => array?.AsArray().Select(n => n!.GetValue<string>()).ToArray() ?? [];
}
