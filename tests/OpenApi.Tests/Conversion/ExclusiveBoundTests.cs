using System.Text.Json.Nodes;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>
/// Exclusive bounds come out in JSON Schema 2020-12 form whatever dialect the document uses: draft-04's boolean
/// <c>exclusiveMinimum: true</c> next to <c>minimum: 10</c> (OpenAPI 3.0, or a 3.1 schema declaring an older
/// <c>$schema</c>) becomes <c>exclusiveMinimum: 10</c>; <c>false</c> leaves the bound inclusive.
/// </summary>
public sealed class ExclusiveBoundTests
{
    private static string Document(string version, string parameters) => $$$"""
        openapi: {{{version}}}
        info: {title: t, version: '1'}
        paths:
          /numbers:
            get:
              operationId: numbers
              parameters:
        {{{parameters}}}
              responses: {'204': {description: ok}}
        """;

    private static JsonObject Arguments(string document)
        => Support.Convert.Input(Support.Convert.Tool(document, "numbers"))["properties"]!.AsObject();

    private static string Keywords(JsonNode? schema)
        => string.Join(", ", schema!.AsObject().Where(p => p.Key.Contains("imum", StringComparison.Ordinal))
            .Select(p => $"{p.Key}={p.Value!.ToJsonString()}"));

    private const string Draft04Parameters = """
                - {name: both, in: query, schema: {$schema: 'http://json-schema.org/draft-04/schema#', type: number, minimum: 10, maximum: 20, exclusiveMinimum: true, exclusiveMaximum: true}}
                - {name: flagFirst, in: query, schema: {type: number, exclusiveMinimum: true, minimum: 10}}
                - {name: inclusive, in: query, schema: {type: number, minimum: 10, maximum: 20, exclusiveMinimum: false, exclusiveMaximum: false}}
                - {name: mixed, in: query, schema: {type: integer, minimum: 0, maximum: 100, exclusiveMaximum: true}}
                - {name: flagOnly, in: query, schema: {type: number, exclusiveMinimum: true}}
        """;

    [Theory]
    [InlineData("3.0.3")]
    [InlineData("3.1.0")]
    public void Boolean_exclusive_flags_become_exclusive_bounds(string version)
    {
        var arguments = Arguments(Document(version, Draft04Parameters));

        Assert.Equal("exclusiveMinimum=10, exclusiveMaximum=20", Keywords(arguments["both"]));
        Assert.Equal("exclusiveMinimum=10", Keywords(arguments["flagFirst"]));
        Assert.Equal("minimum=10, maximum=20", Keywords(arguments["inclusive"]));
        Assert.Equal("minimum=0, exclusiveMaximum=100", Keywords(arguments["mixed"]));
        Assert.Equal("", Keywords(arguments["flagOnly"]));
    }

    [Fact]
    public void Json_3_1_document_with_draft_04_schema_keeps_its_bounds()
    {
        const string document = """
            {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
             "paths": {"/numbers": {"get": {"operationId": "numbers",
               "parameters": [{"name": "v4", "in": "query", "required": true, "schema": {
                 "$schema": "http://json-schema.org/draft-04/schema#", "type": "number",
                 "minimum": 10, "maximum": 20, "exclusiveMinimum": true, "exclusiveMaximum": true, "multipleOf": 2}}],
               "responses": {"204": {"description": "ok"}}}}}}
            """;

        var v4 = Arguments(document)["v4"]!;

        Assert.Equal("exclusiveMinimum=10, exclusiveMaximum=20", Keywords(v4));
        Assert.Equal(2m, v4["multipleOf"]!.GetValue<decimal>());
    }

    [Fact]
    public void Numeric_exclusive_bounds_of_3_1_are_kept_with_the_stricter_inclusive_bound()
    {
        var arguments = Arguments(Document("3.1.0", """
                - {name: exclusive, in: query, schema: {type: number, exclusiveMinimum: 10, exclusiveMaximum: 20}}
                - {name: looserInclusive, in: query, schema: {type: number, minimum: 5, exclusiveMinimum: 10}}
                - {name: stricterInclusive, in: query, schema: {type: number, minimum: 15, exclusiveMinimum: 10, maximum: 30, exclusiveMaximum: 20}}
        """));

        Assert.Equal("exclusiveMinimum=10, exclusiveMaximum=20", Keywords(arguments["exclusive"]));
        Assert.Equal("exclusiveMinimum=10", Keywords(arguments["looserInclusive"]));
        Assert.Equal("minimum=15, exclusiveMaximum=20", Keywords(arguments["stricterInclusive"]));
    }

    [Fact]
    public void Numeric_exclusive_bound_in_a_3_0_document_is_read_instead_of_refusing_the_document()
    {
        var arguments = Arguments(Document("3.0.3", """
                - {name: exclusive, in: query, schema: {type: number, exclusiveMinimum: 10, exclusiveMaximum: 20}}
                - {name: stricterInclusive, in: query, schema: {type: number, minimum: 15, exclusiveMinimum: 10}}
        """));

        Assert.Equal("exclusiveMinimum=10, exclusiveMaximum=20", Keywords(arguments["exclusive"]));
        Assert.Equal("minimum=15", Keywords(arguments["stricterInclusive"]));
    }

    [Fact]
    public void Literal_values_and_property_names_are_not_rewritten()
    {
        const string document = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /numbers:
                post:
                  operationId: numbers
                  requestBody:
                    content:
                      application/json:
                        schema:
                          type: object
                          properties:
                            exclusiveMinimum: {type: boolean}
                            range:
                              type: object
                              default: {minimum: 1, exclusiveMinimum: true}
                  responses: {'204': {description: ok}}
            """;

        var arguments = Arguments(document);

        Assert.Equal("boolean", arguments["exclusiveMinimum"]!["type"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"minimum":1,"exclusiveMinimum":true}"""), arguments["range"]!["default"]));
    }
}
