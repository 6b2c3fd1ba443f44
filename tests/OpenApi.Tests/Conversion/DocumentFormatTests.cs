using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>JSON and YAML, with or without a byte-order mark, and relative server URLs returned as written.</summary>
public sealed class DocumentFormatTests
{
    private const string Json = """
        {"openapi":"3.0.3","info":{"title":"t","version":"1"},"servers":[{"url":"/api/v3"}],
         "paths":{"/ping":{"get":{"operationId":"ping","responses":{"204":{"description":"ok"}}}}}}
        """;

    private const string Yaml = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        servers: [{url: /api/v3}]
        paths:
          /ping:
            get: {operationId: ping, responses: {'204': {description: ok}}}
        """;

    [Theory]
    [InlineData(Json)]
    [InlineData(Yaml)]
    [InlineData("\uFEFF" + Json)]
    [InlineData("\uFEFF" + Yaml)]
    public void Document_is_read_in_either_format(string text)
    {
        var result = Support.Convert.Document(text);

        Assert.Equal("ping", Assert.Single(result.Tools).Name);
        Assert.Equal("/api/v3", result.ServerUrl);
    }

    [Fact]
    public void Document_without_servers_has_no_server_url()
    {
        var result = Support.Convert.Document(Json.Replace("\"servers\":[{\"url\":\"/api/v3\"}],", ""));

        Assert.Null(result.ServerUrl);
    }
}
