using System.Text.Json.Nodes;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>Self-referencing models become <c>$defs</c> entries referenced with <c>$ref</c>, never infinite inlining.</summary>
public sealed class RecursiveModelTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: Tree, version: '1'}
        paths:
          /nodes:
            post:
              operationId: createNode
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Node'}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Node'}
        components:
          schemas:
            Node:
              type: object
              properties:
                name: {type: string}
                children:
                  type: array
                  items: {$ref: '#/components/schemas/Node'}
        """;

    [Fact]
    public void Recursive_body_property_refers_to_defs_entry()
    {
        var input = Support.Convert.Input(Support.Convert.Tool(Document, "createNode"));

        Assert.Equal("#/$defs/Node", input["properties"]!["children"]!["items"]!["$ref"]!.GetValue<string>());
        var definition = input["$defs"]!["Node"]!.AsObject();
        Assert.Equal("#/$defs/Node", definition["properties"]!["children"]!["items"]!["$ref"]!.GetValue<string>());
        Assert.Equal("string", definition["properties"]!["name"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Recursive_output_keeps_object_root_with_defs()
    {
        var output = Support.Convert.Output(Support.Convert.Tool(Document, "createNode"));

        Assert.Equal("object", output["type"]!.GetValue<string>());
        Assert.Equal("#/$defs/Node", output["properties"]!["children"]!["items"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(output["$defs"]!["Node"]);
    }

    [Fact]
    public void Mutually_recursive_aliases_do_not_hang()
    {
        const string aliases = """
            {"openapi":"3.0.3","info":{"title":"t","version":"1"},
             "paths":{"/a":{"get":{"operationId":"getA","responses":{"200":{"description":"ok",
               "content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}}}}}},
             "components":{"schemas":{"A":{"$ref":"#/components/schemas/B"},"B":{"$ref":"#/components/schemas/A"}}}}
            """;

        var tool = Support.Convert.Tool(aliases, "getA");

        var output = JsonNode.Parse(tool.OutputSchema!)!.AsObject();
        Assert.Equal("object", output["type"]!.GetValue<string>());
        Assert.Equal("result", tool.Binding.ResponseWrapProperty);
    }

    [Fact]
    public void Definition_names_with_unusual_characters_become_fragment_safe()
    {
        const string swagger = """
            {"swagger":"2.0","info":{"title":"t","version":"1"},
             "paths":{"/pages":{"get":{"operationId":"getPage","produces":["application/json"],
               "responses":{"200":{"description":"ok","schema":{"$ref":"#/definitions/Page«Node»"}}}}}},
             "definitions":{"Page«Node»":{"type":"object","properties":{"next":{"$ref":"#/definitions/Page«Node»"}}}}}
            """;

        var output = Support.Convert.Output(Support.Convert.Tool(swagger, "getPage"));

        Assert.Equal("#/$defs/Page_Node_", output["properties"]!["next"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(output["$defs"]!["Page_Node_"]);
    }

    [Fact]
    public void Reference_into_another_operation_body_is_resolved()
    {
        var result = Support.Convert.Document(Support.Fixtures.Read("oas-examples/3.0/circular-paths.json"));
        var get = result.Tools.Single(t => t.Binding.Method == "GET");

        var offsetBefore = Support.Convert.Output(get)["properties"]!["offsetBefore"]!.AsObject();

        Assert.Equal("object", offsetBefore["type"]!.GetValue<string>());
        Assert.NotNull(offsetBefore["properties"]!["rules"]);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("could not be resolved", StringComparison.Ordinal));
    }
}
