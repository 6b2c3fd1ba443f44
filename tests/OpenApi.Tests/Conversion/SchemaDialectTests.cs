using System.Text.Json;
using Json.Schema;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>
/// Every generated schema root names its dialect, JSON Schema 2020-12 (MCP's default, SEP-1613), as its first keyword.
/// </summary>
public sealed class SchemaDialectTests
{
    private const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /nodes/{id}:
            get:
              operationId: getNode
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}
          /count:
            get:
              operationId: getCount
              responses:
                '200': {description: ok, content: {application/json: {schema: {type: integer}}}}
          /ping:
            post:
              operationId: ping
              responses: {'204': {description: ok}}
        components:
          schemas:
            Node:
              type: object
              properties:
                name: {type: string}
                children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        """;

    [Theory]
    [InlineData("getNode")]
    [InlineData("getCount")]
    [InlineData("ping")]
    public void Input_schema_declares_2020_12_first(string name)
    {
        var input = Support.Convert.Input(Support.Convert.Tool(Document, name));

        Assert.Equal("$schema", input.First().Key);
        Assert.Equal(Dialect, input["$schema"]!.GetValue<string>());
        Assert.Equal("object", input["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("getNode")]
    [InlineData("getCount")]
    public void Output_schema_declares_2020_12_first(string name)
    {
        var output = Support.Convert.Output(Support.Convert.Tool(Document, name));

        Assert.Equal("$schema", output.First().Key);
        Assert.Equal(Dialect, output["$schema"]!.GetValue<string>());
        Assert.Equal("object", output["type"]!.GetValue<string>());
    }

    [Fact]
    public void Dialect_appears_only_at_the_root()
    {
        var tool = Support.Convert.Tool(Document, "getNode");

        foreach (var root in new[] { Support.Convert.Input(tool), Support.Convert.Output(tool) })
        {
            Assert.NotNull(root["$schema"]);
            Assert.All(SchemaNodes.All(root).Skip(1), n => Assert.Null(n["$schema"]));
        }
    }

    [Fact]
    public void Schemas_with_the_dialect_compile_and_validate_with_json_schema_net()
    {
        var tool = Support.Convert.Tool(Document, "getNode");

        var input = JsonSchema.FromText(tool.InputSchema, new BuildOptions(), new Uri("https://schemas.test/dialect-input"));
        var output = JsonSchema.FromText(tool.OutputSchema!, new BuildOptions(), new Uri("https://schemas.test/dialect-output"));

        using var arguments = JsonDocument.Parse("""{"id":"n1"}""");
        using var missing = JsonDocument.Parse("{}");
        using var structured = JsonDocument.Parse("""{"name":"a","children":[{"name":"b","children":[]}]}""");
        using var wrongChild = JsonDocument.Parse("""{"children":[{"name":1}]}""");
        Assert.True(input.Evaluate(arguments.RootElement, new EvaluationOptions()).IsValid);
        Assert.False(input.Evaluate(missing.RootElement, new EvaluationOptions()).IsValid);
        Assert.True(output.Evaluate(structured.RootElement, new EvaluationOptions()).IsValid);
        Assert.False(output.Evaluate(wrongChild.RootElement, new EvaluationOptions()).IsValid);
    }
}
