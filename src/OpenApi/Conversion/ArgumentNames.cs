namespace McpPlatform.OpenApi.Conversion;

/// <summary>Tool argument names of one operation; a clash gets a location prefix so every argument has exactly one home.</summary>
internal sealed class ArgumentNames
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public bool IsTaken(string name) => _taken.Contains(name);

    /// <summary>Claims <paramref name="preferred"/>, else <c>{prefix}_{preferred}</c>, else that with a number.</summary>
    public string Claim(string preferred, string clashPrefix)
    {
        if (_taken.Add(preferred)) return preferred;
        var candidate = $"{clashPrefix}_{preferred}";
        for (var n = 2; !_taken.Add(candidate); n++) candidate = $"{clashPrefix}_{preferred}_{n}";
        return candidate;
    }
}
