using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Requests;

/// <summary>Parameters described by <c>content</c> (not <c>schema</c>) are sent as one JSON text value.</summary>
public sealed class ContentParameterTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /search:
            get:
              operationId: search
              parameters:
                - name: filter
                  in: query
                  content:
                    application/json:
                      schema: {type: object, properties: {color: {type: string}, size: {type: integer}}}
              responses: {'204': {description: none}}
        """;

    [Fact]
    public void Object_value_is_sent_as_encoded_json()
    {
        var tool = Support.Convert.Tool(Document, "search");

        using var request = Support.Convert.Request(tool, """{"filter":{"color":"red","size":2}}""", "http://h");

        Assert.Equal("application/json", tool.Binding.Parameters.Single().ContentType);
        Assert.Equal("http://h/search?filter=%7B%22color%22%3A%22red%22%2C%22size%22%3A2%7D", request.RequestUri!.OriginalString);
        Assert.Equal("object", Support.Convert.Input(tool)["properties"]!["filter"]!["type"]!.GetValue<string>());
    }
}
