using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Requests;

/// <summary>Twilio-style form bodies: flattened fields, repeated keys for arrays, booleans as text.</summary>
public sealed class FormUrlEncodedBodyTests
{
    private const string Document = """
        openapi: 3.0.1
        info: {title: Messaging, version: '1'}
        servers: [{url: 'https://api.twilio.com'}]
        paths:
          /2010-04-01/Accounts/{AccountSid}/Messages.json:
            post:
              operationId: CreateMessage
              parameters:
                - {name: AccountSid, in: path, required: true, schema: {type: string}}
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      required: [To]
                      properties:
                        To: {type: string}
                        Body: {type: string}
                        MediaUrl: {type: array, items: {type: string, format: uri}}
                        SendAsMms: {type: boolean}
              responses:
                '201':
                  description: Created
                  content:
                    application/json:
                      schema: {type: object, properties: {sid: {type: string}}}
        """;

    [Fact]
    public void Form_fields_become_top_level_arguments()
    {
        var tool = Support.Convert.Tool(Document, "CreateMessage");

        Assert.Equal(BodyEncoding.FormUrlEncoded, tool.Binding.Body!.Encoding);
        Assert.Equal(["AccountSid", "To", "Body", "MediaUrl", "SendAsMms"], Support.Convert.Input(tool)["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Form_body_is_url_encoded_with_repeated_keys_for_arrays()
    {
        var tool = Support.Convert.Tool(Document, "CreateMessage");

        using var request = Support.Convert.Request(tool,
            """{"AccountSid":"AC1","To":"+15551234567","Body":"Hi there & bye","MediaUrl":["https://a/1.png","https://a/2.png"],"SendAsMms":true}""",
            "https://api.twilio.com");

        Assert.Equal("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json", request.RequestUri!.AbsoluteUri);
        Assert.Equal("application/x-www-form-urlencoded", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(
            "To=%2B15551234567&Body=Hi+there+%26+bye&MediaUrl=https%3A%2F%2Fa%2F1.png&MediaUrl=https%3A%2F%2Fa%2F2.png&SendAsMms=true",
            await request.Content.ReadAsStringAsync());
        Assert.Equal("application/json", request.Headers.Accept.Single().MediaType);
    }
}
