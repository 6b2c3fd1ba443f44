using System.Text;

namespace McpPlatform.OpenApi.Naming;

/// <summary>Hands out valid (<c>^[A-Za-z0-9_.-]{1,128}$</c>), unique tool names in document order, so suffixes are deterministic.</summary>
internal sealed class ToolNamer
{
    private const int MaxLength = 128;
    private const int MaxPrefixLength = 64;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly string _prefix;

    public ToolNamer(string? prefix)
    {
        _prefix = string.IsNullOrEmpty(prefix) ? "" : Sanitize(prefix, collapse: false);
        if (_prefix.Length > MaxPrefixLength) _prefix = _prefix[..MaxPrefixLength];
    }

    /// <summary>The name an operation would get before prefixing and de-duplication.</summary>
    public static string BaseName(string? operationId, string method, string path)
    {
        var name = string.IsNullOrWhiteSpace(operationId) ? FromMethodAndPath(method, path) : Sanitize(operationId, collapse: true);
        return name.Length == 0 ? "operation" : name;
    }

    public string Next(string? operationId, string method, string path)
    {
        var baseName = BaseName(operationId, method, path);
        var room = MaxLength - _prefix.Length;
        var candidate = _prefix + Fit(baseName, room);
        for (var n = 2; !_used.Add(candidate); n++)
        {
            var suffix = "_" + n;
            candidate = _prefix + Fit(baseName, room - suffix.Length) + suffix;
        }
        return candidate;
    }

    /// <summary><c>GET /contacts/{id}</c> becomes <c>get_contacts_by_id</c>.</summary>
    private static string FromMethodAndPath(string method, string path)
    {
        var builder = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var isVariable = segment.StartsWith('{') && segment.EndsWith('}');
            var text = Sanitize(isVariable ? segment[1..^1] : segment, collapse: true);
            if (text.Length == 0) continue;
            builder.Append('_');
            if (isVariable) builder.Append("by_");
            builder.Append(text);
        }
        return builder.ToString();
    }

    private static string Sanitize(string text, bool collapse)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
            if (valid) builder.Append(c);
            else if (!collapse || builder.Length == 0 || builder[^1] != '_') builder.Append('_');
        }
        return collapse ? builder.ToString().Trim('_') : builder.ToString();
    }

    private static string Fit(string text, int length) => text.Length <= length ? text : text[..Math.Max(1, length)];
}
