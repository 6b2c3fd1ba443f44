using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Fixtures;

/// <summary>Every real-world document converts into valid, uniquely named tools with well-formed JSON Schemas.</summary>
public sealed partial class FixtureDocumentConversionTests
{
    // Documents without any path operation (webhooks only).
    private static readonly HashSet<string> WithoutOperations = ["oas-examples/3.1/webhooks.json"];

    // Documents whose only operations are deprecated (skipped with a warning).
    private static readonly HashSet<string> OnlyDeprecated = ["oas-examples/3.0/schema-deprecated.json"];

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex ValidToolName();

    public static TheoryData<string> Documents => Support.Fixtures.AllDocumentsData();

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_converts_into_valid_unique_tools(string document)
    {
        var result = Support.Convert.Document(Support.Fixtures.Read(document));

        if (OnlyDeprecated.Contains(document)) Assert.Contains(result.Warnings, w => w.Contains("deprecated", StringComparison.Ordinal));
        else if (!WithoutOperations.Contains(document)) Assert.NotEmpty(result.Tools);
        Assert.All(result.Tools, t => Assert.Matches(ValidToolName(), t.Name));
        Assert.Equal(result.Tools.Count, result.Tools.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_schema_has_an_object_root_and_array_items(string document)
    {
        var result = Support.Convert.Document(Support.Fixtures.Read(document));

        foreach (var tool in result.Tools)
        {
            foreach (var schemaText in new[] { tool.InputSchema, tool.OutputSchema }.OfType<string>())
            {
                var root = JsonNode.Parse(schemaText)!.AsObject();
                Assert.Equal("object", root["type"]?.GetValue<string>());
                var arraysWithoutItems = SchemaNodes.All(root).Where(n => SchemaNodes.HasType(n, "array") && n["items"] is null);
                Assert.Empty(arraysWithoutItems);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_schema_compiles_as_json_schema_2020_12(string document)
    {
        var result = Support.Convert.Document(Support.Fixtures.Read(document));

        foreach (var tool in result.Tools)
        {
            foreach (var schemaText in new[] { tool.InputSchema, tool.OutputSchema }.OfType<string>())
            {
                var schema = JsonSchema.FromText(schemaText, new BuildOptions(), new Uri($"https://schemas.test/{Guid.NewGuid():N}"));
                using var empty = JsonDocument.Parse("{}");
                var evaluation = schema.Evaluate(empty.RootElement, new EvaluationOptions());
                Assert.NotNull(evaluation);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Tool_definitions_round_trip_through_system_text_json(string document)
    {
        var result = Support.Convert.Document(Support.Fixtures.Read(document));

        var json = JsonSerializer.Serialize(result);
        var back = JsonSerializer.Deserialize<ConversionResult>(json)!;

        Assert.Equal(JsonSerializer.Serialize(back), json);
    }
}
