using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace McpPlatform.OpenApi.Schemas;

/// <summary>Copies literal values (enum, default, examples, const) out of the library's model into plain JSON.</summary>
internal static class SchemaValues
{
    /// <summary>Deep copy that turns the library's JSON-null sentinel back into a real null.</summary>
    public static JsonNode? Copy(JsonNode? value)
    {
        if (value is null || JsonNullSentinel.IsJsonNullSentinel(value)) return null;
        switch (value)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, child) in obj) copy[key] = Copy(child);
                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(Copy)]);
            default:
                return value.DeepClone();
        }
    }

    /// <summary>The library keeps <c>const</c> as text; restore booleans, numbers and null unless the schema is a string.</summary>
    public static JsonNode? Const(string text, JsonSchemaType? type)
    {
        if (type is { } t && t.HasFlag(JsonSchemaType.String)) return text;
        if (bool.TryParse(text, out var flag)) return flag;
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return number;
        return text;
    }
}
