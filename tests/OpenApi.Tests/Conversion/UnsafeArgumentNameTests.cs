using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>
/// Argument names are limited to <c>^[A-Za-z0-9_.-]{1,64}$</c> (model APIs refuse other input-schema keys and with them the
/// whole tool list); the binding keeps the wire name, so the request is unchanged.
/// </summary>
public sealed class UnsafeArgumentNameTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /users:
            post:
              operationId: searchUsers
              parameters:
                - {name: $filter, in: query, schema: {type: string}}
                - {name: 'page[size]', in: query, schema: {type: integer}}
                - {name: filter, in: query, schema: {type: string}}
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        'display name (full)': {type: string}
                        ok_name: {type: string}
              responses: {'204': {description: ok}}
        """;

    [Fact]
    public void Unsafe_names_become_safe_and_unique_arguments()
    {
        var tool = Support.Convert.Tool(Document, "searchUsers");

        Assert.Equal(["filter", "page_size", "query_filter", "display_name_full", "ok_name"],
            Support.Convert.Input(tool)["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["$filter", "page[size]", "filter"], tool.Binding.Parameters.Select(p => p.Name));
        Assert.Contains(new BodyPropertyBinding("display_name_full", "display name (full)"), tool.Binding.Body!.Properties);
    }

    [Fact]
    public async Task Request_uses_the_wire_names()
    {
        var tool = Support.Convert.Tool(Document, "searchUsers");

        using var request = Support.Convert.Request(tool, """{"filter":"a","page_size":5,"query_filter":"b","display_name_full":"Ada"}""");

        Assert.Equal("https://api.example.com/v1/users?%24filter=a&page%5Bsize%5D=5&filter=b", request.RequestUri!.AbsoluteUri);
        Assert.Equal("""{"display name (full)":"Ada"}""", await request.Content!.ReadAsStringAsync());
    }

    [Fact]
    public void Names_longer_than_64_characters_are_cut()
    {
        var name = new string('p', 80);
        var document = Document.Replace("ok_name", name, StringComparison.Ordinal);

        var arguments = Support.Convert.Input(Support.Convert.Tool(document, "searchUsers"))["properties"]!.AsObject().Select(p => p.Key);

        Assert.Contains(new string('p', 64), arguments);
    }
}
