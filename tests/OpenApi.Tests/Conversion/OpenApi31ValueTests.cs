using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>OpenAPI 3.1 literal values survive conversion with their JSON types (null, numbers, booleans).</summary>
public sealed class OpenApi31ValueTests
{
    private const string Document = """
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /a:
            post:
              operationId: a
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        n: {const: 5}
                        b: {const: true}
                        s: {type: string, const: '5'}
                        x: {type: [integer, 'null'], examples: [1, null], enum: [1, 2, null]}
              responses: {'204': {description: ok}}
        """;

    [Fact]
    public void Const_keeps_its_json_type()
    {
        var properties = Support.Convert.Input(Support.Convert.Tool(Document, "a"))["properties"]!;

        Assert.Equal(5m, properties["n"]!["const"]!.GetValue<decimal>());
        Assert.True(properties["b"]!["const"]!.GetValue<bool>());
        Assert.Equal("5", properties["s"]!["const"]!.GetValue<string>());
    }

    [Fact]
    public void Null_literals_are_real_nulls()
    {
        var x = Support.Convert.Input(Support.Convert.Tool(Document, "a"))["properties"]!["x"]!;

        Assert.Equal(["integer", "null"], Support.Convert.Strings(x["type"]));
        Assert.Null(x["examples"]![1]);
        Assert.Equal(3, x["enum"]!.AsArray().Count);
        Assert.Null(x["enum"]![2]);
    }
}
