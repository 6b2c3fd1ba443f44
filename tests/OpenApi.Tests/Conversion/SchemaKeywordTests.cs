using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>OpenAPI schema dialects map onto JSON Schema 2020-12: nullable, readOnly, validation keywords, files.</summary>
public sealed class SchemaKeywordTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: Contacts, version: '1'}
        paths:
          /contacts:
            post:
              operationId: createContact
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Contact'}
              responses:
                '201':
                  description: created
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Contact'}
        components:
          schemas:
            Contact:
              type: object
              required: [id, name]
              properties:
                id: {type: string, readOnly: true}
                name: {type: string, minLength: 1, maxLength: 80, pattern: '^[A-Z]'}
                nickname: {type: string, nullable: true}
                status: {type: string, enum: [active, blocked], nullable: true, default: active}
                age: {type: integer, minimum: 0, maximum: 150, exclusiveMaximum: true}
                tags: {type: array, items: {type: string}, minItems: 1, maxItems: 5, uniqueItems: true}
                loose: {type: array}
        """;

    private static readonly Model.ToolDefinition Tool = Support.Convert.Tool(Document, "createContact");

    [Fact]
    public void Nullable_becomes_a_type_union_with_null()
    {
        var nickname = Support.Convert.Input(Tool)["properties"]!["nickname"]!;

        Assert.Equal(["string", "null"], Support.Convert.Strings(nickname["type"]));
    }

    [Fact]
    public void Nullable_enum_also_allows_null()
    {
        var status = Support.Convert.Input(Tool)["properties"]!["status"]!;

        Assert.Contains(status["enum"]!.AsArray(), v => v is null);
        Assert.Equal("active", status["default"]!.GetValue<string>());
    }

    [Fact]
    public void Read_only_properties_are_left_out_of_inputs_and_required()
    {
        var input = Support.Convert.Input(Tool);

        Assert.False(input["properties"]!.AsObject().ContainsKey("id"));
        Assert.Equal(["name"], Support.Convert.Strings(input["required"]));
    }

    [Fact]
    public void Read_only_properties_stay_in_outputs()
    {
        var output = Support.Convert.Output(Tool);

        Assert.True(output["properties"]!["id"]!["readOnly"]!.GetValue<bool>());
        Assert.Equal(["id", "name"], Support.Convert.Strings(output["required"]));
        Assert.False(output.ContainsKey("additionalProperties"));
    }

    [Fact]
    public void Validation_keywords_are_kept()
    {
        var properties = Support.Convert.Input(Tool)["properties"]!;

        Assert.Equal(1, properties["name"]!["minLength"]!.GetValue<int>());
        Assert.Equal(80, properties["name"]!["maxLength"]!.GetValue<int>());
        Assert.Equal("^[A-Z]", properties["name"]!["pattern"]!.GetValue<string>());
        Assert.Equal(0m, properties["age"]!["minimum"]!.GetValue<decimal>());
        Assert.Equal(150m, properties["age"]!["exclusiveMaximum"]!.GetValue<decimal>());
        Assert.True(properties["tags"]!["uniqueItems"]!.GetValue<bool>());
        Assert.Equal(5, properties["tags"]!["maxItems"]!.GetValue<int>());
    }

    [Fact]
    public void Array_without_items_gets_empty_items_and_a_warning()
    {
        var result = Support.Convert.Document(Document);

        Assert.NotNull(Support.Convert.Input(result.Tools[0])["properties"]!["loose"]!["items"]);
        Assert.Contains(result.Warnings, w => w.Contains("createContact", StringComparison.Ordinal) && w.Contains("items", StringComparison.Ordinal));
    }

    [Fact]
    public void Parameter_description_goes_into_the_argument_schema()
    {
        const string document = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /search:
                get:
                  operationId: search
                  parameters:
                    - {name: q, in: query, required: true, description: Free text, schema: {type: string}}
                  responses: {'204': {description: none}}
            """;

        var input = Support.Convert.Input(Support.Convert.Tool(document, "search"));

        Assert.Equal("Free text", input["properties"]!["q"]!["description"]!.GetValue<string>());
        Assert.Equal(["q"], Support.Convert.Strings(input["required"]));
    }
}
