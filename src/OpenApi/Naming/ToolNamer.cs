using System.Security.Cryptography;
using System.Text;

namespace McpPlatform.OpenApi.Naming;

/// <summary>
/// Hands out valid (<c>^[A-Za-z0-9_.-]{1,128}$</c>), unique tool names in document order, so suffixes are deterministic.
/// Names longer than the tenant's limit keep a readable head and end in <c>_</c> plus a hash of the full name, so two
/// different long names never collapse into one.
/// </summary>
internal sealed class ToolNamer
{
    public const int McpMaxLength = 128;
    public const int MinLength = 8;
    private const int MaxPrefixLength = 64;
    private const int HashChars = 6;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly string _prefix;
    private readonly int _maxLength;

    public ToolNamer(string? prefix, int maxLength = McpMaxLength)
    {
        if (maxLength is < MinLength or > McpMaxLength)
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"The tool name limit must be between {MinLength} and {McpMaxLength}.");
        _maxLength = maxLength;
        _prefix = string.IsNullOrEmpty(prefix) ? "" : Sanitize(prefix, collapse: false);
        if (_prefix.Length > MaxPrefixLength) _prefix = _prefix[..MaxPrefixLength];
    }

    /// <summary>The name an operation would get before prefixing and de-duplication.</summary>
    public static string BaseName(string? operationId, string method, string path)
    {
        var name = string.IsNullOrWhiteSpace(operationId) ? FromMethodAndPath(method, path) : Sanitize(operationId, collapse: true);
        return name.Length == 0 ? "operation" : name;
    }

    /// <summary>A document-chosen name (<c>x-mcp.name</c>) sanitized like an operationId; empty when nothing valid is left.</summary>
    public static string SanitizeExplicit(string name) => Sanitize(name, collapse: true);

    /// <summary>One unique tool name for an operation.</summary>
    /// <param name="explicitName">Already sanitized name chosen by the document, used instead of the derived base name.</param>
    public ToolName Next(string? operationId, string method, string path, string? explicitName = null)
    {
        var full = _prefix + (string.IsNullOrEmpty(explicitName) ? BaseName(operationId, method, path) : explicitName);
        var candidate = full;
        var final = Fit(candidate);
        var deduplicated = false;
        for (var n = 2; !_used.Add(final); n++)
        {
            deduplicated = true;
            candidate = $"{full}_{n}";
            final = Fit(candidate);
        }
        return new ToolName(final, candidate, deduplicated);
    }

    /// <summary>The name itself when it fits; otherwise head + <c>_</c> + 6 hex characters of the SHA-256 of the whole name.</summary>
    private string Fit(string name)
    {
        if (name.Length <= _maxLength) return name;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..HashChars];
        var head = name[..(_maxLength - HashChars - 1)];
        var trimmed = head.TrimEnd('_', '.', '-');
        return (trimmed.Length > 0 ? trimmed : head) + "_" + hash;
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
}

/// <summary>A handed-out name: <see cref="Value"/> is what the tool is called, <see cref="Unshortened"/> what it would be without the length limit.</summary>
internal sealed record ToolName(string Value, string Unshortened, bool Deduplicated)
{
    public bool WasShortened => !string.Equals(Value, Unshortened, StringComparison.Ordinal);
}
