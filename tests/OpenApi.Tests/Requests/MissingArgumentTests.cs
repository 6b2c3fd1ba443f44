using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Requests;

/// <summary>Missing required arguments fail with a message naming the argument, so the agent can retry.</summary>
public sealed class MissingArgumentTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /contacts/{id}/notes:
            post:
              operationId: addNote
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {name: tenant, in: query, required: true, schema: {type: string}}
              requestBody:
                required: true
                content:
                  text/plain:
                    schema: {type: string}
              responses: {'204': {description: added}}
        """;

    [Fact]
    public void Missing_path_parameter_names_the_argument()
    {
        var tool = Support.Convert.Tool(Document, "addNote");

        var error = Assert.Throws<ArgumentBindingException>(() => Support.Convert.Request(tool, """{"tenant":"t","body":"x"}"""));

        Assert.Contains("'id'", error.Message);
        Assert.Contains("path", error.Message);
    }

    [Fact]
    public void Missing_required_query_parameter_names_the_argument()
    {
        var tool = Support.Convert.Tool(Document, "addNote");

        var error = Assert.Throws<ArgumentBindingException>(() => Support.Convert.Request(tool, """{"id":"1","body":"x"}"""));

        Assert.Contains("'tenant'", error.Message);
    }

    [Fact]
    public void Missing_required_body_names_the_argument()
    {
        var tool = Support.Convert.Tool(Document, "addNote");

        var error = Assert.Throws<ArgumentBindingException>(() => Support.Convert.Request(tool, """{"id":"1","tenant":"t"}"""));

        Assert.Contains("'body'", error.Message);
    }

    [Fact]
    public async Task Text_body_is_sent_as_plain_text()
    {
        var tool = Support.Convert.Tool(Document, "addNote");

        using var request = Support.Convert.Request(tool, """{"id":"1","tenant":"t","body":"hello"}""");

        Assert.Equal("text/plain", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("hello", await request.Content.ReadAsStringAsync());
        Assert.Equal("https://api.example.com/v1/contacts/1/notes?tenant=t", request.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public void Non_object_arguments_are_refused()
    {
        var tool = Support.Convert.Tool(Document, "addNote");

        Assert.Throws<ArgumentBindingException>(() => Support.Convert.Request(tool, "[1,2]"));
    }
}
