using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Options;

/// <summary>
/// <see cref="SchemaReferences.Definitions"/> keeps the component schemas a tool uses as <c>$defs</c> entries, referenced
/// with <c>$ref</c>, in its input and output schemas; request bodies still flatten into root arguments.
/// </summary>
public sealed class SchemaReferenceTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: People, version: '1'}
        paths:
          /people:
            post:
              operationId: createPerson
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Person'}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Person'}
            get:
              operationId: listPeople
              parameters:
                - {name: country, in: query, description: Only people living there., schema: {$ref: '#/components/schemas/CountryCode'}}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {type: array, items: {$ref: '#/components/schemas/Person'}}
          /ping:
            get:
              operationId: ping
              parameters:
                - {name: echo, in: query, schema: {type: string}}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {type: object, properties: {echo: {type: string}}}
          /batches:
            post:
              operationId: createBatch
              requestBody:
                description: The people to create.
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/People'}
              responses: {'204': {description: ok}}
          /folders:
            post:
              operationId: createFolder
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Folder'}
              responses: {'204': {description: ok}}
          /broken:
            post:
              operationId: postBroken
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        thing: {$ref: '#/components/schemas/Missing'}
              responses: {'204': {description: ok}}
        components:
          schemas:
            Person:
              type: object
              additionalProperties: false
              required: [name]
              properties:
                id: {type: string, readOnly: true}
                name: {type: string}
                home: {$ref: '#/components/schemas/address'}
                work: {$ref: '#/components/schemas/address'}
            address:
              type: object
              required: [city]
              properties:
                street: {type: string}
                city: {type: string}
                zip: {type: string, pattern: '^[0-9]{5}$'}
                country: {$ref: '#/components/schemas/CountryCode'}
            CountryCode: {type: string, description: ISO 3166-1 alpha-2 code., minLength: 2, maxLength: 2}
            People: {type: array, items: {$ref: '#/components/schemas/Person'}}
            Folder:
              type: object
              properties:
                name: {type: string}
                children: {type: array, items: {$ref: '#/components/schemas/Folder'}}
            Unused: {type: object, properties: {x: {type: integer}}}
        """;

    private static readonly ConversionOptions Definitions = new() { SchemaReferences = SchemaReferences.Definitions };

    private static ToolDefinition Tool(string name, ConversionOptions? options = null)
        => Support.Convert.Document(Document, options ?? Definitions).Tools.Single(t => t.Name == name);

    private static string Ref(JsonNode? node) => node!["$ref"]!.GetValue<string>();

    [Fact]
    public void Shared_component_is_one_defs_entry_referenced_wherever_it_is_used()
    {
        var input = Support.Convert.Input(Tool("createPerson"));

        Assert.Equal("#/$defs/address", Ref(input["properties"]!["home"]));
        Assert.Equal("#/$defs/address", Ref(input["properties"]!["work"]));
        var address = input["$defs"]!["address"]!.AsObject();
        Assert.Equal("object", address["type"]!.GetValue<string>());
        Assert.Equal(["city"], Support.Convert.Strings(address["required"]));
    }

    [Fact]
    public void Closed_body_given_as_a_reference_still_flattens_into_a_closed_root()
    {
        var tool = Tool("createPerson");
        var input = Support.Convert.Input(tool);

        Assert.Equal(["name", "home", "work"], tool.Binding.Body!.Properties.Select(p => p.Argument));
        Assert.Equal(["$schema", "type", "properties", "required", "additionalProperties", "$defs"], input.Select(p => p.Key));
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", input["$schema"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.False, input["additionalProperties"]!.GetValueKind());
        Assert.Equal(["name"], Support.Convert.Strings(input["required"]));
        Assert.False(input["$defs"]!.AsObject().ContainsKey("Person"));
    }

    [Fact]
    public void References_inside_definitions_become_definitions_too()
    {
        var definitions = Support.Convert.Input(Tool("createPerson"))["$defs"]!.AsObject();

        Assert.Equal("#/$defs/CountryCode", Ref(definitions["address"]!["properties"]!["country"]));
        Assert.Equal("ISO 3166-1 alpha-2 code.", definitions["CountryCode"]!["description"]!.GetValue<string>());
        Assert.Equal(["address", "CountryCode"], definitions.Select(d => d.Key));
    }

    [Fact]
    public void Only_the_components_a_tool_uses_are_defined()
    {
        Assert.Null(Support.Convert.Input(Tool("ping"))["$defs"]);
        Assert.Null(Support.Convert.Output(Tool("ping"))["$defs"]);
        Assert.Equal(["CountryCode"], Support.Convert.Input(Tool("listPeople"))["$defs"]!.AsObject().Select(d => d.Key));
        Assert.DoesNotContain(Support.Convert.Document(Document, Definitions).Tools,
            t => t.InputSchema.Contains("Unused", StringComparison.Ordinal) || t.OutputSchema?.Contains("Unused", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Object_output_keeps_its_own_properties_at_the_root_and_references_the_rest()
    {
        var output = Support.Convert.Output(Tool("createPerson"));

        Assert.Equal("object", output["type"]!.GetValue<string>());
        Assert.Equal("#/$defs/address", Ref(output["properties"]!["home"]));
        Assert.NotNull(output["$defs"]!["address"]);
    }

    [Fact]
    public void Wrapped_array_output_references_its_item_component()
    {
        var tool = Tool("listPeople");
        var output = Support.Convert.Output(tool);

        Assert.Equal("result", tool.Binding.ResponseWrapProperty);
        Assert.Equal("#/$defs/Person", Ref(output["properties"]!["result"]!["items"]));
        Assert.Equal(["Person", "address", "CountryCode"], output["$defs"]!.AsObject().Select(d => d.Key));
    }

    [Fact]
    public void Read_only_properties_leave_input_definitions_but_stay_in_output_definitions()
    {
        var input = Support.Convert.Input(Tool("createBatch"));
        var output = Support.Convert.Output(Tool("listPeople"));

        Assert.False(input["$defs"]!["Person"]!["properties"]!.AsObject().ContainsKey("id"));
        Assert.True(output["$defs"]!["Person"]!["properties"]!.AsObject().ContainsKey("id"));
    }

    [Fact]
    public void Parameter_keeps_its_own_description_beside_the_reference()
    {
        var country = Support.Convert.Input(Tool("listPeople"))["properties"]!["country"]!.AsObject();

        Assert.Equal("#/$defs/CountryCode", Ref(country));
        Assert.Equal("Only people living there.", country["description"]!.GetValue<string>());
    }

    [Fact]
    public void Whole_body_argument_references_its_component()
    {
        var tool = Tool("createBatch");
        var body = Support.Convert.Input(tool)["properties"]!["body"]!.AsObject();

        Assert.Equal("body", tool.Binding.Body!.Argument);
        Assert.Equal("#/$defs/People", Ref(body));
        Assert.Equal("The people to create.", body["description"]!.GetValue<string>());
    }

    [Fact]
    public void Recursive_component_refers_to_its_own_definition()
    {
        var input = Support.Convert.Input(Tool("createFolder"));

        Assert.Equal("#/$defs/Folder", Ref(input["properties"]!["children"]!["items"]));
        Assert.Equal("#/$defs/Folder", Ref(input["$defs"]!["Folder"]!["properties"]!["children"]!["items"]));
    }

    [Fact]
    public void Definition_names_are_fragment_safe_and_stay_distinct()
    {
        const string swagger = """
            {"swagger":"2.0","info":{"title":"t","version":"1"},
             "paths":{"/pages":{"get":{"operationId":"getPage","produces":["application/json"],
               "responses":{"200":{"description":"ok","schema":{"type":"object","properties":{
                 "pets":{"$ref":"#/definitions/Page«Pet»"},"other":{"$ref":"#/definitions/Page_Pet_"}}}}}}}},
             "definitions":{"Page«Pet»":{"type":"object","properties":{"size":{"type":"integer"}}},
                            "Page_Pet_":{"type":"object","properties":{"count":{"type":"integer"}}}}}
            """;

        var output = Support.Convert.Output(Support.Convert.Document(swagger, Definitions).Tools.Single());

        Assert.Equal("#/$defs/Page_Pet_", Ref(output["properties"]!["pets"]));
        Assert.Equal("#/$defs/Page_Pet__2", Ref(output["properties"]!["other"]));
        Assert.NotNull(output["$defs"]!["Page_Pet_"]!["properties"]!["size"]);
        Assert.NotNull(output["$defs"]!["Page_Pet__2"]!["properties"]!["count"]);
    }

    [Fact]
    public void Dangling_reference_accepts_any_value_in_place_with_a_warning()
    {
        var result = Support.Convert.Document(Document, Definitions);
        var input = Support.Convert.Input(result.Tools.Single(t => t.Name == "postBroken"));

        Assert.Empty(input["properties"]!["thing"]!.AsObject());
        Assert.Null(input["$defs"]);
        Assert.Contains(result.Warnings, w => w.Contains("could not be resolved", StringComparison.Ordinal));
    }

    [Fact]
    public void Arguments_are_validated_through_references_into_definitions()
    {
        var schema = JsonSchema.FromText(Tool("createPerson").InputSchema, new BuildOptions(), new Uri("https://schemas.test/person"));

        using var valid = JsonDocument.Parse("""{"name":"Ann","home":{"city":"Oslo","zip":"01234","country":"NO"}}""");
        using var badZip = JsonDocument.Parse("""{"name":"Ann","home":{"city":"Oslo","zip":"12"}}""");
        using var badCountry = JsonDocument.Parse("""{"name":"Ann","work":{"city":"Oslo","country":"Norway"}}""");
        using var unknown = JsonDocument.Parse("""{"name":"Ann","nickname":"A"}""");
        Assert.True(schema.Evaluate(valid.RootElement).IsValid);
        Assert.False(schema.Evaluate(badZip.RootElement).IsValid);
        Assert.False(schema.Evaluate(badCountry.RootElement).IsValid);
        Assert.False(schema.Evaluate(unknown.RootElement).IsValid);
    }

    [Fact]
    public void Default_inlines_components_that_do_not_recurse()
    {
        var input = Support.Convert.Input(Tool("createPerson", new ConversionOptions()));

        Assert.Null(input["$defs"]);
        Assert.Equal("object", input["properties"]!["home"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Undefined_choice_is_refused_naming_the_option()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => Support.Convert.Document(Document, new ConversionOptions { SchemaReferences = (SchemaReferences)7 }));

        Assert.Equal(nameof(ConversionOptions.SchemaReferences), error.ParamName);
    }
}
