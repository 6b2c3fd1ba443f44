using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>Write-only properties are never returned, so output schemas leave them (and their 'required') out; inputs keep them.</summary>
public sealed class WriteOnlyPropertyTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /users:
            post:
              operationId: createUser
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/User'}
              responses:
                '201':
                  description: created
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/User'}
        components:
          schemas:
            User:
              type: object
              required: [name, password]
              properties:
                name: {type: string}
                password: {type: string, writeOnly: true}
        """;

    [Fact]
    public void Output_schema_leaves_write_only_properties_out()
    {
        var output = Support.Convert.Output(Support.Convert.Tool(Document, "createUser"));

        Assert.False(output["properties"]!.AsObject().ContainsKey("password"));
        Assert.Equal(["name"], Support.Convert.Strings(output["required"]));
    }

    [Fact]
    public void Input_schema_keeps_write_only_properties()
    {
        var input = Support.Convert.Input(Support.Convert.Tool(Document, "createUser"));

        Assert.Equal(["name", "password"], Support.Convert.Strings(input["required"]));
    }
}
