using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>A "$ref" inside an example value is literal data, not a reference: it is neither rewritten nor reported.</summary>
public sealed class ExampleReferenceTests
{
    [Fact]
    public void Reference_like_text_in_an_example_value_causes_no_warning()
    {
        const string document = """
            {"openapi":"3.0.3","info":{"title":"t","version":"1"},
             "paths":{"/me":{"get":{"operationId":"me","responses":{"200":{"description":"ok","content":{"application/json":{
               "schema":{"$ref":"#/components/schemas/User"},
               "examples":{"one":{"value":{"$ref":"#/components/schemas/User/example"}}}}}}}}}},
             "components":{"schemas":{"User":{"type":"object","properties":{"name":{"type":"string"}},"example":{"name":"Ada"}}}}}
            """;

        var result = Support.Convert.Document(document);

        Assert.Empty(result.Warnings);
        Assert.Equal("me", Assert.Single(result.Tools).Name);
    }
}
