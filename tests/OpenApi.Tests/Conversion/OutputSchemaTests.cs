using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>The output schema comes from the first 2xx JSON response and is always an object.</summary>
public sealed class OutputSchemaTests
{
    private const string Document = """
        openapi: 3.1.0
        info: {title: t, version: '1'}
        servers:
          - url: 'https://{region}.example.com/{base}'
            variables:
              region: {default: eu}
              base: {default: api}
        paths:
          /object:
            get:
              operationId: getObject
              responses:
                '201': {description: later, content: {application/json: {schema: {type: string}}}}
                '200':
                  description: ok
                  content:
                    application/xml: {schema: {type: string}}
                    application/json: {schema: {type: object, properties: {n: {type: integer}}}}
                '404': {description: missing, content: {application/json: {schema: {type: array}}}}
          /text:
            get:
              operationId: getText
              responses:
                '200': {description: ok, content: {text/plain: {schema: {type: string}}}}
          /number:
            get:
              operationId: getNumber
              responses:
                '200': {description: ok, content: {application/problem+json: {schema: {type: [number, 'null']}}}}
        """;

    [Fact]
    public void Object_response_is_the_output_schema_without_added_strictness()
    {
        var tool = Support.Convert.Tool(Document, "getObject");
        var output = Support.Convert.Output(tool);

        Assert.Equal("integer", output["properties"]!["n"]!["type"]!.GetValue<string>());
        Assert.False(output.ContainsKey("required"));
        Assert.False(output.ContainsKey("additionalProperties"));
        Assert.Null(tool.Binding.ResponseWrapProperty);
        Assert.Equal("application/json", tool.Binding.Accept);
    }

    [Fact]
    public void Response_without_json_has_no_output_schema_and_no_accept()
    {
        var tool = Support.Convert.Tool(Document, "getText");

        Assert.Null(tool.OutputSchema);
        Assert.Null(tool.Binding.Accept);
    }

    [Fact]
    public void Primitive_json_response_is_wrapped_in_result()
    {
        var tool = Support.Convert.Tool(Document, "getNumber");
        var output = Support.Convert.Output(tool);

        Assert.Equal("result", tool.Binding.ResponseWrapProperty);
        Assert.Equal(["number", "null"], Support.Convert.Strings(output["properties"]!["result"]!["type"]));
    }

    [Fact]
    public void Server_variables_are_replaced_by_their_defaults()
        => Assert.Equal("https://eu.example.com/api", Support.Convert.Document(Document).ServerUrl);
}
