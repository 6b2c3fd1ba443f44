using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Fixtures;

/// <summary>
/// Every real-world document converted with <see cref="SchemaReferences.Definitions"/>: the same tools as with the default,
/// schemas whose references all land on <c>$defs</c> entries the tool uses, and, expanded again, the very schemas the
/// default (pinned by the golden files) inlines.
/// </summary>
public sealed class DefinitionsFixtureTests
{
    private static readonly ConversionOptions Definitions = new() { SchemaReferences = SchemaReferences.Definitions };

    public static TheoryData<string> Documents => Support.Fixtures.AllDocumentsData();

    private static IEnumerable<(ToolDefinition Tool, string Kind, JsonObject Schema)> Schemas(ConversionResult result)
    {
        foreach (var tool in result.Tools)
        {
            yield return (tool, "input", Support.Convert.Input(tool));
            if (tool.OutputSchema is not null) yield return (tool, "output", Support.Convert.Output(tool));
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Tools_and_bindings_are_those_of_the_default_conversion(string document)
    {
        var text = Support.Fixtures.Read(document);
        var inline = Support.Convert.Document(text);
        var definitions = Support.Convert.Document(text, Definitions);

        Assert.Equal(inline.Tools.Select(t => t.Name), definitions.Tools.Select(t => t.Name));
        Assert.Equal(inline.Tools.Select(t => JsonSerializer.Serialize(t.Binding)), definitions.Tools.Select(t => JsonSerializer.Serialize(t.Binding)));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_reference_lands_on_a_used_defs_entry_and_the_schema_compiles(string document)
    {
        var result = Support.Convert.Document(Support.Fixtures.Read(document), Definitions);

        foreach (var (tool, kind, schema) in Schemas(result))
        {
            var definitions = schema["$defs"] as JsonObject ?? [];
            var where = $"{tool.Name} {kind}";
            Assert.All(SchemaDefinitions.References(schema), r => Assert.True(
                r.StartsWith(SchemaDefinitions.Prefix, StringComparison.Ordinal) && definitions.ContainsKey(r[SchemaDefinitions.Prefix.Length..]),
                $"{where}: $ref '{r}' has no $defs entry"));
            Assert.Equal(definitions.Select(d => d.Key).Order(StringComparer.Ordinal), SchemaDefinitions.Reachable(schema).Order(StringComparer.Ordinal));
            Assert.All(definitions, d => Assert.Matches("^[A-Za-z0-9_.-]+$", d.Key));
            JsonSchema.FromText(schema.ToJsonString(), new BuildOptions(), new Uri($"https://schemas.test/{Guid.NewGuid():N}"));
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Expanded_definitions_give_the_schemas_the_default_inlines(string document)
    {
        var text = Support.Fixtures.Read(document);
        var inline = Schemas(Support.Convert.Document(text)).ToList();
        var definitions = Schemas(Support.Convert.Document(text, Definitions)).ToList();

        Assert.Equal(inline.Count, definitions.Count);
        foreach (var ((tool, kind, expected), (_, _, actual)) in inline.Zip(definitions))
        {
            // Recursive models (and schemas past the inlining limits) keep $defs by default too; nothing to expand there.
            if (expected.ContainsKey("$defs")) continue;
            var expanded = SchemaDefinitions.Expand(actual);
            Assert.True(JsonNode.DeepEquals(expected, expanded),
                $"{tool.Name} {kind}:\nexpected {expected.ToJsonString()}\nactual   {expanded.ToJsonString()}");
        }
    }
}
