using System.Text;

namespace McpPlatform.OpenApi.Schemas;

/// <summary>
/// Maps component names to <c>$defs</c> keys that are safe inside a URI fragment without escaping
/// (Swagger 2.0 names such as <c>Page«Pet»</c> are common), keeping them unique and stable.
/// </summary>
internal sealed class DefinitionNames
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public string For(string componentName)
    {
        if (_names.TryGetValue(componentName, out var name)) return name;
        var safe = Sanitize(componentName);
        name = safe;
        for (var n = 2; !_taken.Add(name); n++) name = $"{safe}_{n}";
        _names[componentName] = name;
        return name;
    }

    private static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text) builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_');
        return builder.Length == 0 ? "schema" : builder.ToString();
    }
}
