using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Requests;

/// <summary>Header parameters become headers (simple style); cookie parameters share one Cookie header.</summary>
public sealed class HeaderAndCookieTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /report:
            get:
              operationId: getReport
              parameters:
                - {name: X-Request-Id, in: header, required: true, schema: {type: string}}
                - {name: X-Flags, in: header, schema: {type: array, items: {type: string}}}
                - {name: Accept, in: header, schema: {type: string}}
                - {name: session, in: cookie, schema: {type: string}}
                - {name: theme, in: cookie, schema: {type: string}}
              responses:
                '200':
                  description: ok
                  content: {application/json: {schema: {type: array, items: {type: string}}}}
        """;

    [Fact]
    public void Headers_and_cookies_are_placed_where_the_binding_says()
    {
        var tool = Support.Convert.Tool(Document, "getReport");

        using var request = Support.Convert.Request(tool, """{"X-Request-Id":"r-1","X-Flags":["a","b"],"session":"abc 1","theme":"dark"}""");

        Assert.Equal("r-1", request.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal("a,b", string.Join(",", request.Headers.GetValues("X-Flags")));
        Assert.Equal("session=abc%201; theme=dark", request.Headers.GetValues("Cookie").Single());
        Assert.Equal("https://api.example.com/v1/report", request.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public void Reserved_accept_header_parameter_is_ignored()
    {
        var tool = Support.Convert.Tool(Document, "getReport");

        Assert.DoesNotContain(tool.Binding.Parameters, p => p.Name == "Accept");
        Assert.Equal(ParameterLocation.Cookie, tool.Binding.Parameters.Single(p => p.Name == "theme").In);
    }

    [Fact]
    public void Absent_optional_arguments_are_not_sent()
    {
        var tool = Support.Convert.Tool(Document, "getReport");

        using var request = Support.Convert.Request(tool, """{"X-Request-Id":"r-1"}""");

        Assert.False(request.Headers.Contains("X-Flags"));
        Assert.False(request.Headers.Contains("Cookie"));
        Assert.Null(request.Content);
    }

    [Fact]
    public void Header_values_with_line_breaks_are_refused()
    {
        var tool = Support.Convert.Tool(Document, "getReport");

        var error = Assert.Throws<ArgumentBindingException>(() => Support.Convert.Request(tool, """{"X-Request-Id":"a\r\nInjected: 1"}"""));

        Assert.Contains("X-Request-Id", error.Message);
    }
}
