using System.Text.Json.Nodes;

namespace McpPlatform.OpenApi.Schemas;

/// <summary>
/// The dialect of every generated tool schema. JSON Schema 2020-12 is MCP's default (SEP-1613); the converter states it
/// explicitly so validators and clients never have to guess.
/// </summary>
internal static class JsonSchemaDialect
{
    public const string Uri = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>Puts <c>$schema</c> first in the root schema object (replacing any dialect already there).</summary>
    public static JsonObject Declare(JsonObject root)
    {
        root.Remove("$schema");
        root.Insert(0, "$schema", Uri);
        return root;
    }
}
