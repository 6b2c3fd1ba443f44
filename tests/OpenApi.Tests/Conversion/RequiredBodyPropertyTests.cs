using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>
/// Properties the body schema requires stay required arguments even when the document leaves <c>requestBody.required</c>
/// out (it defaults to false; Twilio's create forms all do this) — otherwise agents omit them and the API refuses the call.
/// </summary>
public sealed class RequiredBodyPropertyTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /flows:
            post:
              operationId: createFlow
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      required: [FriendlyName, Status]
                      properties:
                        FriendlyName: {type: string}
                        Status: {type: string, enum: [draft, published]}
                        CommitMessage: {type: string}
              responses: {'204': {description: ok}}
        """;

    [Fact]
    public void Schema_required_properties_of_an_optional_body_are_required_arguments()
    {
        var tool = Support.Convert.Tool(Document, "createFlow");

        Assert.Equal(["FriendlyName", "Status"], Support.Convert.Strings(Support.Convert.Input(tool)["required"]));
        Assert.False(tool.Binding.Body!.Required);
    }

    [Fact]
    public async Task Request_carries_the_required_properties_as_form_fields()
    {
        var tool = Support.Convert.Tool(Document, "createFlow");

        using var request = Support.Convert.Request(tool, """{"FriendlyName":"Welcome","Status":"draft"}""");

        Assert.Equal("FriendlyName=Welcome&Status=draft", await request.Content!.ReadAsStringAsync());
    }

    private const string UndeclaredRequiredDocument = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /strings:
            put:
              operationId: putStrings
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      required: [name, 'enum (with example) *required']
                      properties:
                        name: {type: string}
              responses: {'204': {description: ok}}
        """;

    [Fact]
    public void Required_name_without_a_property_schema_is_a_required_argument_accepting_any_value()
    {
        var result = Support.Convert.Document(UndeclaredRequiredDocument);
        var tool = result.Tools.Single(t => t.Name == "putStrings");
        var input = Support.Convert.Input(tool);

        Assert.Equal(["name", "enum_with_example_required"], Support.Convert.Strings(input["required"]));
        Assert.Empty(input["properties"]!["enum_with_example_required"]!.AsObject());
        var binding = Assert.Single(tool.Binding.Body!.Properties, p => p.Argument == "enum_with_example_required");
        Assert.Equal("enum (with example) *required", binding.Property);
        Assert.Contains(result.Warnings, w => w.Contains("'enum (with example) *required'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Required_name_without_a_property_schema_is_sent_under_its_wire_name()
    {
        var tool = Support.Convert.Tool(UndeclaredRequiredDocument, "putStrings");

        using var request = Support.Convert.Request(tool, """{"name":"a","enum_with_example_required":{"any":[1,true]}}""");

        Assert.Equal("""{"name":"a","enum (with example) *required":{"any":[1,true]}}""", await request.Content!.ReadAsStringAsync());
    }
}
