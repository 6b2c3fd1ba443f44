using System.Diagnostics;
using System.Text;

namespace McpPlatform.OpenApi.Tests.Safety;

/// <summary>Hostile input is refused quickly with a message, never hanging or crashing the process.</summary>
public sealed class HostileDocumentTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    [Fact]
    public void Ten_thousand_deep_json_nesting_is_refused()
    {
        var text = new StringBuilder("""{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"x-deep":""")
            .Append('[', 10_000).Append(']', 10_000).Append('}').ToString();

        AssertRefusedQuickly(text, "depth");
    }

    [Fact]
    public void Ten_thousand_deep_yaml_nesting_is_refused()
    {
        var text = new StringBuilder("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-deep: ")
            .Append('[', 10_000).Append(']', 10_000).ToString();

        AssertRefusedQuickly(text, "depth");
    }

    [Fact]
    public void Yaml_alias_bomb_is_refused()
    {
        var text = new StringBuilder("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level < 10; level++)
            text.Append($"x-a{level}: &a{level} [").Append(string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))).Append("]\n");

        AssertRefusedQuickly(text.ToString(), "alias");
    }

    [Fact]
    public void Document_over_ten_megabytes_is_refused()
    {
        var text = "{\"openapi\":\"3.0.3\",\"x-pad\":\"" + new string('a', 10 * 1024 * 1024) + "\"}";

        AssertRefusedQuickly(text, "10 MB");
    }

    [Theory]
    [InlineData(SchemaReferences.Inline)]
    [InlineData(SchemaReferences.Definitions)]
    public void Deeply_nested_schema_within_limits_converts_with_bounded_output(SchemaReferences references)
    {
        var schema = new StringBuilder();
        const int depth = 100;
        for (var i = 0; i < depth; i++) schema.Append("""{"type":"object","properties":{"n":""");
        schema.Append("""{"type":"string"}""");
        for (var i = 0; i < depth; i++) schema.Append("}}");
        var text = """
            {"openapi":"3.0.3","info":{"title":"t","version":"1"},
             "paths":{"/x":{"post":{"operationId":"deep","requestBody":{"content":{"application/json":{"schema":@schema@}}},
               "responses":{"204":{"description":"ok"}}}}}}
            """.Replace("@schema@", schema.ToString());

        var watch = Stopwatch.StartNew();
        var result = Support.Convert.Document(text, new ConversionOptions { SchemaReferences = references });

        Assert.True(watch.Elapsed < Budget);
        Assert.True(result.Tools.Count == 1, string.Join("\n", result.Warnings));
        Assert.Contains(result.Warnings, w => w.Contains("nesting", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SchemaReferences.Inline)]
    [InlineData(SchemaReferences.Definitions)]
    public void Components_fanning_out_to_each_other_stay_small(SchemaReferences references)
    {
        // L0 holds ten L1s, each L1 ten L2s, …: inlined in full this would be 10^8 nodes.
        const int levels = 8;
        var components = string.Join(",", Enumerable.Range(0, levels).Select(level =>
        {
            var child = level + 1 < levels ? $"{{\"$ref\":\"#/components/schemas/L{level + 1}\"}}" : "{\"type\":\"string\"}";
            return $"\"L{level}\":{{\"type\":\"object\",\"properties\":{{{string.Join(",", Enumerable.Range(0, 10).Select(i => $"\"p{i}\":{child}"))}}}}}";
        }));
        var text = """
            {"openapi":"3.0.3","info":{"title":"t","version":"1"},
             "paths":{"/x":{"get":{"operationId":"fan","responses":{"200":{"description":"ok",
               "content":{"application/json":{"schema":{"$ref":"#/components/schemas/L0"}}}}}}}},
             "components":{"schemas":{@components@}}}
            """.Replace("@components@", components, StringComparison.Ordinal);

        var watch = Stopwatch.StartNew();
        var tool = Support.Convert.Document(text, new ConversionOptions { SchemaReferences = references }).Tools.Single();

        Assert.True(watch.Elapsed < Budget, $"took {watch.Elapsed}");
        Assert.InRange(tool.OutputSchema!.Length, 1, 2_000_000);
        Assert.NotNull(Support.Convert.Output(tool)["$defs"]);
    }

    [Fact]
    public void Self_referencing_components_skip_the_operation_with_a_warning()
    {
        const string text = """
            {"openapi":"3.0.3","info":{"title":"t","version":"1"},
             "paths":{"/a":{"get":{"operationId":"a","parameters":[{"$ref":"#/components/parameters/P"}],
               "responses":{"200":{"$ref":"#/components/responses/R"}}}},
               "/b":{"get":{"operationId":"b","responses":{"204":{"description":"ok"}}}}},
             "components":{"parameters":{"P":{"$ref":"#/components/parameters/P"}},
               "responses":{"R":{"$ref":"#/components/responses/R"}}}}
            """;

        var result = Support.Convert.Document(text);

        Assert.Equal(["b"], result.Tools.Select(t => t.Name));
        Assert.Contains(result.Warnings, w => w.StartsWith("a (GET /a)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SchemaReferences.Inline)]
    [InlineData(SchemaReferences.Definitions)]
    public void Schema_shared_by_thousands_of_operations_cannot_expand_without_bound(SchemaReferences references)
    {
        var properties = string.Join(",", Enumerable.Range(0, 200).Select(i => $"\"p{i}\":{{\"type\":\"string\"}}"));
        var paths = string.Join(",", Enumerable.Range(0, 100).Select(i =>
            $"\"/r{i}\":{{\"get\":{{\"responses\":{{\"200\":{{\"description\":\"ok\",\"content\":{{\"application/json\":{{\"schema\":{{\"$ref\":\"#/components/schemas/Big\"}}}}}}}}}}}}}}"));
        var text = $"{{\"openapi\":\"3.0.3\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"paths\":{{{paths}}},\"components\":{{\"schemas\":{{\"Big\":{{\"type\":\"object\",\"properties\":{{{properties}}}}}}}}}}}";

        var options = new ConversionOptions { SchemaReferences = references };
        var error = Assert.Throws<OpenApiDocumentException>(() => OpenApiConverter.Convert(text, options, maxSchemaNodes: 10_000));

        Assert.Contains("expands", error.Message);
        Assert.Equal(100, Support.Convert.Document(text, options).Tools.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not: [valid")]
    [InlineData("{\"info\":{\"title\":\"no version\"}}")]
    [InlineData("{\"openapi\":")]
    public void Malformed_documents_are_refused_with_a_message(string text)
    {
        var error = Assert.Throws<OpenApiDocumentException>(() => Support.Convert.Document(text));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private static void AssertRefusedQuickly(string text, string expectedInMessage)
    {
        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<OpenApiDocumentException>(() => Support.Convert.Document(text));

        Assert.True(watch.Elapsed < Budget, $"took {watch.Elapsed}");
        Assert.Contains(expectedInMessage, error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
