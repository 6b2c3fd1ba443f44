namespace McpPlatform.OpenApi.Schemas;

/// <summary>
/// Caps the schema nodes emitted for a whole document, so a small hostile document (one large schema referenced by
/// thousands of operations) cannot expand into gigabytes of tool definitions.
/// </summary>
internal sealed class ConversionBudget(int maxNodes)
{
    public const int DefaultMaxNodes = 1_000_000;

    public int Used { get; private set; }

    public void Spend()
    {
        if (++Used > maxNodes)
            throw new OpenApiDocumentException(
                $"The document expands into more than {maxNodes:N0} schema nodes across its operations; convert fewer operations (include/exclude filters) or simplify the schemas.");
    }
}
