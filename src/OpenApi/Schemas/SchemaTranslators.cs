namespace McpPlatform.OpenApi.Schemas;

/// <summary>
/// Makes the translators of one document's tool schemas (one per input or output schema, since each carries its own
/// <c>$defs</c>), all sharing the document's components, its size budget and the API's choice of reference handling.
/// </summary>
internal sealed class SchemaTranslators(SchemaResolver resolver, ConversionBudget budget, SchemaReferences references)
{
    public SchemaResolver Resolver => resolver;

    public SchemaTranslator Create(SchemaDirection direction) => new(resolver, direction, budget, references);
}
