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
}
