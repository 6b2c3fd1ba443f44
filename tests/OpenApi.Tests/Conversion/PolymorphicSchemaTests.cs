using System.Text.Json;
using Json.Schema;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>oneOf variants that overlap (the common case) must not make valid arguments fail validation; discriminators name their values.</summary>
public sealed class PolymorphicSchemaTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /pets:
            patch:
              operationId: patchPet
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
                      discriminator: {propertyName: pet_type}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          id: {oneOf: [{type: string}, {type: string, format: uuid}]}
        components:
          schemas:
            Cat:
              type: object
              properties: {pet_type: {type: string}, hunts: {type: boolean}}
            Dog:
              type: object
              properties: {pet_type: {type: string}, bark: {type: boolean}}
        """;

    private static bool Valid(string schemaText, string instance)
    {
        var schema = JsonSchema.FromText(schemaText, new BuildOptions(), new Uri($"https://schemas.test/{Guid.NewGuid():N}"));
        using var document = JsonDocument.Parse(instance);
        return schema.Evaluate(document.RootElement, new EvaluationOptions()).IsValid;
    }

    [Fact]
    public void Arguments_matching_several_overlapping_variants_are_valid()
    {
        var tool = Support.Convert.Tool(Document, "patchPet");

        Assert.True(Valid(tool.InputSchema, """{"body": {"pet_type": "Cat", "hunts": true}}"""));
    }

    [Fact]
    public void Results_matching_several_overlapping_variants_are_valid()
    {
        var tool = Support.Convert.Tool(Document, "patchPet");

        Assert.True(Valid(tool.OutputSchema!, """{"id": "0b7c6f36-3c4f-4d8e-9a55-1f3b1f0f2a11"}"""));
    }

    [Fact]
    public void One_of_is_emitted_as_any_of()
    {
        var body = Support.Convert.Input(Support.Convert.Tool(Document, "patchPet"))["properties"]!["body"]!.AsObject();

        Assert.False(body.ContainsKey("oneOf"));
        Assert.Equal(2, body["anyOf"]!.AsArray().Count);
    }

    [Fact]
    public void Discriminator_without_mapping_names_the_variant_schemas()
    {
        var body = Support.Convert.Input(Support.Convert.Tool(Document, "patchPet"))["properties"]!["body"]!;

        Assert.Equal("The 'pet_type' property selects the variant (one of: Cat, Dog).", body["description"]!.GetValue<string>());
    }

    [Fact]
    public void One_of_and_any_of_on_the_same_schema_must_both_hold()
    {
        const string document = """
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
                            v:
                              oneOf: [{type: string}, {type: integer}]
                              anyOf: [{minimum: 1}, {type: string}]
                  responses: {'204': {description: ok}}
            """;

        var tool = Support.Convert.Tool(document, "a");

        Assert.True(Valid(tool.InputSchema, """{"v": 5}"""));
        Assert.False(Valid(tool.InputSchema, """{"v": 0}"""));
        Assert.False(Valid(tool.InputSchema, """{"v": true}"""));
    }

    [Fact]
    public void Duplicate_enum_values_are_listed_once()
    {
        const string document = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  operationId: a
                  parameters: [{name: s, in: query, schema: {type: string, enum: [a, a, b, '', '']}}]
                  responses: {'204': {description: ok}}
            """;

        var values = Support.Convert.Strings(Support.Convert.Input(Support.Convert.Tool(document, "a"))["properties"]!["s"]!["enum"]);

        Assert.Equal(["a", "b", ""], values);
    }
}
