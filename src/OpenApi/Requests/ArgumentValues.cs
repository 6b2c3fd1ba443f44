using System.Text.Json;

namespace McpPlatform.OpenApi.Requests;

/// <summary>Reads tool-call arguments: primitives as their text, structures as their members.</summary>
internal static class ArgumentValues
{
    public static bool TryGet(JsonElement arguments, string name, out JsonElement value)
    {
        if (arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
            return true;
        value = default;
        return false;
    }

    /// <summary>Text of a primitive; nested arrays/objects (which no style can express) become JSON text.</summary>
    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    public static IEnumerable<(string Key, string Value)> Members(JsonElement value)
        => value.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).Select(p => (p.Name, Text(p.Value)));

    public static IEnumerable<string> Items(JsonElement value)
        => value.EnumerateArray().Where(v => v.ValueKind != JsonValueKind.Null).Select(Text);
}
