namespace McpPlatform.OpenApi.Conversion;

/// <summary>Applies the tenant's include/exclude choices; operations match by operationId or by their generated base name.</summary>
internal sealed class OperationFilter(ConversionOptions options)
{
    private readonly HashSet<string> _includeOperations = new(options.IncludeOperations ?? [], StringComparer.Ordinal);
    private readonly HashSet<string> _excludeOperations = new(options.ExcludeOperations ?? [], StringComparer.Ordinal);
    private readonly HashSet<string> _includeTags = new(options.IncludeTags ?? [], StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _excludeTags = new(options.ExcludeTags ?? [], StringComparer.OrdinalIgnoreCase);

    public bool Includes(string? operationId, string baseName, IReadOnlyList<string> tags)
    {
        bool Named(HashSet<string> set) => (operationId is not null && set.Contains(operationId)) || set.Contains(baseName);
        if (_includeOperations.Count > 0 && !Named(_includeOperations)) return false;
        if (Named(_excludeOperations)) return false;
        if (_includeTags.Count > 0 && !tags.Any(_includeTags.Contains)) return false;
        return !tags.Any(_excludeTags.Contains);
    }
}
