namespace McpPlatform.OpenApi.Conversion;

/// <summary>
/// Applies the tenant's include/exclude choices: operations match by operationId or by their generated base name(s),
/// tags case-insensitively, HTTP methods case-insensitively; read-only mode keeps only safe methods.
/// </summary>
internal sealed class OperationFilter(ConversionOptions options)
{
    private static readonly HashSet<string> SafeMethods = new(["GET", "HEAD", "OPTIONS"], StringComparer.Ordinal);

    private readonly HashSet<string> _includeOperations = new(options.IncludeOperations ?? [], StringComparer.Ordinal);
    private readonly HashSet<string> _excludeOperations = new(options.ExcludeOperations ?? [], StringComparer.Ordinal);
    private readonly HashSet<string> _includeTags = new(options.IncludeTags ?? [], StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _excludeTags = new(options.ExcludeTags ?? [], StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _includeMethods = Methods(options.IncludeMethods);
    private readonly HashSet<string> _excludeMethods = Methods(options.ExcludeMethods);
    private readonly bool _readOnly = options.ReadOnly;

    /// <param name="names">The operationId (if any) and the names the operation's tool is derived from.</param>
    /// <param name="method">Upper-case HTTP method.</param>
    public bool Includes(IReadOnlyCollection<string> names, string method, IReadOnlyList<string> tags)
    {
        bool Named(HashSet<string> set) => names.Any(set.Contains);
        if (_includeOperations.Count > 0 && !Named(_includeOperations)) return false;
        if (Named(_excludeOperations)) return false;
        if (_includeTags.Count > 0 && !tags.Any(_includeTags.Contains)) return false;
        if (tags.Any(_excludeTags.Contains)) return false;
        if (_includeMethods.Count > 0 && !_includeMethods.Contains(method)) return false;
        if (_excludeMethods.Contains(method)) return false;
        return !_readOnly || SafeMethods.Contains(method);
    }

    private static HashSet<string> Methods(IReadOnlyList<string>? methods)
        => new((methods ?? []).Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim().ToUpperInvariant()), StringComparer.Ordinal);
}
