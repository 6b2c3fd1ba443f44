using System.Text.Json;
using McpPlatform.OpenApi.Conversion;
using McpPlatform.OpenApi.Model;

namespace McpPlatform.OpenApi.Requests;

/// <summary>
/// Serializes parameter values per OpenAPI style/explode (RFC 6570 semantics for simple, label, matrix and form).
/// Path and query output is percent-encoded; header and cookie output is plain text.
/// </summary>
internal static class ParameterSerializer
{
    public static string Path(ParameterBinding binding, JsonElement value)
    {
        string Enc(string s) => UriEncoding.Encode(s, binding.AllowReserved);
        var name = binding.Name;
        return (binding.Style, value.ValueKind) switch
        {
            ("label", JsonValueKind.Array) => "." + string.Join(binding.Explode ? "." : ",", ArgumentValues.Items(value).Select(Enc)),
            ("label", JsonValueKind.Object) => "." + JoinMembers(value, Enc, binding.Explode, binding.Explode ? "." : ","),
            ("label", _) => "." + Enc(ArgumentValues.Text(value)),
            ("matrix", JsonValueKind.Array) => binding.Explode
                ? string.Concat(ArgumentValues.Items(value).Select(i => $";{name}={Enc(i)}"))
                : $";{name}=" + string.Join(",", ArgumentValues.Items(value).Select(Enc)),
            ("matrix", JsonValueKind.Object) => binding.Explode
                ? string.Concat(ArgumentValues.Members(value).Select(m => $";{Enc(m.Key)}={Enc(m.Value)}"))
                : $";{name}=" + JoinMembers(value, Enc, false, ","),
            ("matrix", _) => ArgumentValues.Text(value) is { Length: > 0 } text ? $";{name}={Enc(text)}" : $";{name}",
            (_, JsonValueKind.Array) => string.Join(",", ArgumentValues.Items(value).Select(Enc)),
            (_, JsonValueKind.Object) => JoinMembers(value, Enc, binding.Explode, ","),
            _ => Enc(ArgumentValues.Text(value)),
        };
    }

    /// <summary>Query pieces (<c>name=value</c>, already encoded) to be joined with <c>&amp;</c>.</summary>
    public static IEnumerable<string> Query(ParameterBinding binding, JsonElement value)
    {
        string Enc(string s) => UriEncoding.Encode(s, binding.AllowReserved);
        var name = UriEncoding.Encode(binding.Name);
        switch (value.ValueKind)
        {
            case JsonValueKind.Array when binding.Style is "form" && binding.Explode:
            case JsonValueKind.Array when binding.Style is "spaceDelimited" or "pipeDelimited" or ParameterStyles.TabDelimited && binding.Explode:
                return ArgumentValues.Items(value).Select(i => $"{name}={Enc(i)}").ToList();
            case JsonValueKind.Array:
                return [$"{name}={string.Join(Delimiter(binding.Style), ArgumentValues.Items(value).Select(Enc))}"];
            case JsonValueKind.Object when binding.Style == "deepObject":
                var pieces = new List<string>();
                DeepObject(binding.Name, value, Enc, pieces);
                return pieces;
            case JsonValueKind.Object when binding.Style == "form" && binding.Explode:
                return ArgumentValues.Members(value).Select(m => $"{Enc(m.Key)}={Enc(m.Value)}").ToList();
            case JsonValueKind.Object:
                return [$"{name}={JoinMembers(value, Enc, false, Delimiter(binding.Style))}"];
            default:
                return [$"{name}={Enc(ArgumentValues.Text(value))}"];
        }
    }

    public static string Header(ParameterBinding binding, JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Array => string.Join(",", ArgumentValues.Items(value)),
            JsonValueKind.Object => JoinMembers(value, s => s, binding.Explode, ","),
            _ => ArgumentValues.Text(value),
        };
        if (text.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            throw new ArgumentBindingException($"Header argument '{binding.Argument}' must not contain line breaks.");
        return text;
    }

    /// <summary>Cookie pairs (<c>name=value</c>) to be joined with <c>; </c>.</summary>
    public static IEnumerable<string> Cookie(ParameterBinding binding, JsonElement value)
    {
        static string Enc(string s) => UriEncoding.Encode(s);
        var name = binding.Name;
        return value.ValueKind switch
        {
            JsonValueKind.Array when binding.Explode => ArgumentValues.Items(value).Select(i => $"{name}={Enc(i)}").ToList(),
            JsonValueKind.Array => [$"{name}={string.Join(",", ArgumentValues.Items(value).Select(Enc))}"],
            JsonValueKind.Object when binding.Explode => ArgumentValues.Members(value).Select(m => $"{Enc(m.Key)}={Enc(m.Value)}").ToList(),
            JsonValueKind.Object => [$"{name}={JoinMembers(value, Enc, false, ",")}"],
            _ => [$"{name}={Enc(ArgumentValues.Text(value))}"],
        };
    }

    private static void DeepObject(string prefix, JsonElement value, Func<string, string> encode, List<string> pieces)
    {
        foreach (var member in value.EnumerateObject())
        {
            var key = $"{prefix}[{member.Name}]";
            switch (member.Value.ValueKind)
            {
                case JsonValueKind.Null: break;
                case JsonValueKind.Object: DeepObject(key, member.Value, encode, pieces); break;
                case JsonValueKind.Array:
                    foreach (var item in ArgumentValues.Items(member.Value)) pieces.Add($"{EncodeKey(key)}={encode(item)}");
                    break;
                default: pieces.Add($"{EncodeKey(key)}={encode(ArgumentValues.Text(member.Value))}"); break;
            }
        }
    }

    // Brackets stay readable (color[R]=100), as in the OpenAPI examples and as servers expect.
    private static string EncodeKey(string key) => UriEncoding.Encode(key).Replace("%5B", "[").Replace("%5D", "]");

    private static string JoinMembers(JsonElement value, Func<string, string> encode, bool explode, string separator)
        => string.Join(separator, ArgumentValues.Members(value).Select(m => explode ? $"{encode(m.Key)}={encode(m.Value)}" : $"{encode(m.Key)}{separator}{encode(m.Value)}"));

    private static string Delimiter(string style) => style switch
    {
        "spaceDelimited" => "%20",
        "pipeDelimited" => "%7C",
        ParameterStyles.TabDelimited => "%09",
        _ => ",",
    };
}
