using System.Text.Json;

namespace McpPlatform.Bench.Load;

/// <summary>The item every write sends, and how a gateway's tool takes it.</summary>
public static class WriteBody
{
    public const string Item = """{"name":"widget","price":2.5,"inStock":true}""";

    /// <summary>
    /// Gateways differ in how a JSON request body becomes tool arguments: its properties at the top level, or one
    /// argument (body, requestBody…) holding it. The tool's input schema says which.
    /// </summary>
    public static string ArgumentsFor(JsonElement tool)
    {
        var properties = tool.GetProperty("inputSchema").TryGetProperty("properties", out var p) ? p : default;
        if (properties.ValueKind != JsonValueKind.Object || properties.TryGetProperty("name", out _))
        {
            return Item;
        }

        foreach (var property in properties.EnumerateObject())
        {
            if (property.Value.TryGetProperty("properties", out var inner) && inner.TryGetProperty("name", out _))
            {
                return $$"""{"{{property.Name}}":{{Item}}}""";
            }
        }

        throw new InvalidOperationException("The write tool takes no item: " + tool.GetRawText());
    }
}
