using System.Text.Json;
using Json.Schema;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>
/// A flattened request body that declares <c>additionalProperties: false</c> closes the input schema root, so unknown
/// arguments are refused rather than silently dropped; a body kept under one <c>body</c> argument stays closed inside
/// that argument only, and nothing is closed that the document left open.
/// </summary>
public sealed class ClosedBodyTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /users/{id}:
            put:
              operationId: putUser
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {name: dryRun, in: query, schema: {type: boolean}}
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [name]
                      properties:
                        name: {type: string}
                        id: {type: integer}
              responses: {'204': {description: ok}}
          /users:
            post:
              operationId: createUser
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/ClosedUser'}
              responses: {'204': {description: ok}}
          /forms:
            post:
              operationId: postForm
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      additionalProperties: false
                      properties:
                        FriendlyName: {type: string}
              responses: {'204': {description: ok}}
          /open:
            post:
              operationId: postOpen
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        meta:
                          type: object
                          additionalProperties: false
                          properties:
                            tag: {type: string}
              responses: {'204': {description: ok}}
          /batch:
            post:
              operationId: postBatch
              requestBody:
                content:
                  application/json:
                    schema:
                      type: array
                      items:
                        type: object
                        additionalProperties: false
                        properties:
                          n: {type: integer}
              responses: {'204': {description: ok}}
          /empty:
            post:
              operationId: postEmpty
              requestBody:
                content:
                  application/json:
                    schema: {type: object, additionalProperties: false}
              responses: {'204': {description: ok}}
        components:
          schemas:
            ClosedUser:
              type: object
              additionalProperties: false
              properties:
                name: {type: string}
        """;

    [Theory]
    [InlineData("putUser")]
    [InlineData("createUser")]
    [InlineData("postForm")]
    public void Flattened_closed_body_closes_the_input_root(string name)
    {
        var tool = Support.Convert.Tool(Document, name);
        var input = Support.Convert.Input(tool);

        Assert.NotEmpty(tool.Binding.Body!.Properties);
        Assert.Equal(JsonValueKind.False, input["additionalProperties"]!.GetValueKind());
    }

    [Fact]
    public void Closed_root_still_names_every_parameter_and_body_property()
    {
        var tool = Support.Convert.Tool(Document, "putUser");
        var input = Support.Convert.Input(tool);

        Assert.Equal(["id", "dryRun", "name", "body_id"], input["properties"]!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal(["$schema", "type", "properties", "required", "additionalProperties"], input.Select(p => p.Key).ToArray());
    }

    [Fact]
    public void Closed_root_refuses_unknown_arguments_and_accepts_known_ones()
    {
        var tool = Support.Convert.Tool(Document, "putUser");
        var schema = JsonSchema.FromText(tool.InputSchema, new BuildOptions(), new Uri("https://schemas.test/closed-body"));

        using var known = JsonDocument.Parse("""{"id":"u1","dryRun":true,"name":"Ann","body_id":7}""");
        using var unknown = JsonDocument.Parse("""{"id":"u1","name":"Ann","nickname":"A"}""");
        Assert.True(schema.Evaluate(known.RootElement, new EvaluationOptions()).IsValid);
        Assert.False(schema.Evaluate(unknown.RootElement, new EvaluationOptions()).IsValid);
    }

    [Fact]
    public void Flattened_open_body_leaves_the_root_open_and_nested_closedness_in_place()
    {
        var input = Support.Convert.Input(Support.Convert.Tool(Document, "postOpen"));

        Assert.Null(input["additionalProperties"]);
        Assert.Equal(JsonValueKind.False, input["properties"]!["meta"]!["additionalProperties"]!.GetValueKind());
    }

    [Theory]
    [InlineData("postBatch")]
    [InlineData("postEmpty")]
    public void Whole_body_argument_keeps_closedness_inside_the_body_schema(string name)
    {
        var tool = Support.Convert.Tool(Document, name);
        var input = Support.Convert.Input(tool);

        Assert.Equal("body", tool.Binding.Body!.Argument);
        Assert.Null(input["additionalProperties"]);
        Assert.Contains(SchemaNodes.All(input["properties"]!["body"]!.AsObject()),
            n => n["additionalProperties"]?.GetValueKind() == JsonValueKind.False);
    }

    [Fact]
    public void Operations_without_a_closed_flattened_body_never_close_the_root()
    {
        var result = Support.Convert.Document(Document);

        var closed = result.Tools.Where(t => Support.Convert.Input(t)["additionalProperties"] is not null).Select(t => t.Name).Order();
        Assert.Equal(["createUser", "postForm", "putUser"], closed);
    }
}
