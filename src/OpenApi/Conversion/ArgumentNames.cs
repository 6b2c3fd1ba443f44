using System.Text;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>
/// Tool argument names of one operation; a clash gets a location prefix so every argument has exactly one home.
/// Names are made safe for every MCP client: model APIs refuse input-schema property keys outside
/// <c>^[A-Za-z0-9_.-]{1,64}$</c> (one bad key fails the whole tool list), so <c>$filter</c>, <c>page[size]</c> or
/// <c>date (from)</c> become <c>filter</c>, <c>page_size</c>, <c>date_from</c>. The binding keeps the wire name.
/// </summary>
internal sealed class ArgumentNames
{
    public const int MaxLength = 64;
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public bool IsTaken(string name) => _taken.Contains(name);

    /// <summary>Claims <paramref name="preferred"/>, else <c>{prefix}_{preferred}</c>, else that with a number (all made safe).</summary>
    public string Claim(string preferred, string clashPrefix)
    {
        var safe = Sanitize(preferred);
        if (_taken.Add(safe)) return safe;
        var candidate = Fit($"{clashPrefix}_{safe}", "");
        for (var n = 2; !_taken.Add(candidate); n++) candidate = Fit($"{clashPrefix}_{safe}", $"_{n}");
        return candidate;
    }

    /// <summary>Invalid characters become <c>_</c> (runs collapsed, ends trimmed); nothing left gives <c>arg</c>.</summary>
    public static string Sanitize(string name)
    {
        if (IsSafe(name)) return name;
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '_') builder.Append('_');
        }
        var safe = builder.ToString().Trim('_');
        return Fit(safe.Length == 0 ? "arg" : safe, "");
    }

    private static bool IsSafe(string name)
        => name.Length is > 0 and <= MaxLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static string Fit(string name, string suffix)
        => name.Length + suffix.Length <= MaxLength ? name + suffix : name[..(MaxLength - suffix.Length)] + suffix;
}
