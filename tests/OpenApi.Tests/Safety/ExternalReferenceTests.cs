namespace McpPlatform.OpenApi.Tests.Safety;

/// <summary>References to other files or URLs are refused; nothing is ever fetched.</summary>
public sealed class ExternalReferenceTests
{
    [Theory]
    [InlineData("https://evil.example.com/schemas.json#/Pet")]
    [InlineData("./models.yaml#/Pet")]
    [InlineData("models.json")]
    public void External_schema_reference_is_refused_with_a_clear_message(string target)
    {
        var document = """
            {"openapi":"3.0.3","info":{"title":"t","version":"1"},
             "paths":{"/pets":{"get":{"responses":{"200":{"description":"ok",
               "content":{"application/json":{"schema":{"$ref":"@target@"}}}}}}}}}
            """.Replace("@target@", target);

        var error = Assert.Throws<OpenApiDocumentException>(() => Support.Convert.Document(document));

        Assert.Contains("External $ref", error.Message);
        Assert.Contains(target.Split('#')[0], error.Message);
    }

    [Fact]
    public void External_reference_in_yaml_is_refused()
    {
        const string document = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /pets:
                parameters:
                  - $ref: 'common.yaml#/components/parameters/limit'
                get:
                  responses: {'204': {description: none}}
            """;

        var error = Assert.Throws<OpenApiDocumentException>(() => Support.Convert.Document(document));

        Assert.Contains("common.yaml", error.Message);
    }
}
