using System.Text.Json;
using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>An <c>id</c> in the path and in the body stay two arguments, and each goes where it belongs.</summary>
public sealed class ArgumentNameClashTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /contacts/{id}:
            put:
              operationId: replaceContact
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [id]
                      properties:
                        id: {type: string}
                        name: {type: string}
              responses: {'204': {description: done}}
        """;

    [Fact]
    public void Clashing_body_property_is_renamed_with_body_prefix()
    {
        var tool = Support.Convert.Tool(Document, "replaceContact");
        var properties = Support.Convert.Input(tool)["properties"]!.AsObject();

        Assert.Equal(["id", "body_id", "name"], properties.Select(p => p.Key));
        Assert.Equal("integer", properties["id"]!["type"]!.GetValue<string>());
        Assert.Contains(new BodyPropertyBinding("body_id", "id"), tool.Binding.Body!.Properties);
    }

    [Fact]
    public async Task Request_puts_path_id_in_path_and_body_id_in_body()
    {
        var tool = Support.Convert.Tool(Document, "replaceContact");

        using var request = Support.Convert.Request(tool, """{"id": 42, "body_id": "c-42", "name": "Ada"}""");

        Assert.Equal("https://api.example.com/v1/contacts/42", request.RequestUri!.AbsoluteUri);
        using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync());
        Assert.Equal("c-42", body.RootElement.GetProperty("id").GetString());
        Assert.Equal("Ada", body.RootElement.GetProperty("name").GetString());
        Assert.Equal("application/json", request.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public void Body_with_free_form_root_stays_one_body_argument()
    {
        const string document = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /settings:
                patch:
                  operationId: patchSettings
                  requestBody:
                    content:
                      application/json:
                        schema: {type: object, properties: {a: {type: string}}, additionalProperties: {type: string}}
                  responses: {'204': {description: done}}
            """;

        var tool = Support.Convert.Tool(document, "patchSettings");

        Assert.Equal("body", tool.Binding.Body!.Argument);
        Assert.Empty(tool.Binding.Body.Properties);
        Assert.NotNull(Support.Convert.Input(tool)["properties"]!["body"]!["additionalProperties"]);
    }
}
