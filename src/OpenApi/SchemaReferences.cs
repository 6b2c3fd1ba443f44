namespace McpPlatform.OpenApi;

/// <summary>How the component schemas a tool uses (<c>$ref</c>s into <c>components/schemas</c>) appear in its input and output schemas.</summary>
public enum SchemaReferences
{
    /// <summary>
    /// Copied in where they are used; only recursive ones (and those past the nesting or size limits) become <c>$defs</c>
    /// entries. Suits clients that resolve <c>$ref</c> poorly.
    /// </summary>
    Inline,

    /// <summary>
    /// Each one becomes a <c>$defs</c> entry of the tool's schema, referenced as <c>{"$ref": "#/$defs/&lt;name&gt;"}</c>;
    /// shared models stay shared and keep their names. Only the components the tool uses are included.
    /// </summary>
    Definitions,
}
