using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Requests;

/// <summary>The path template is appended to the base URL's path, never replacing it.</summary>
public sealed class BaseUrlTests
{
    private static readonly OperationBinding Binding = new()
    {
        Method = "GET",
        PathTemplate = "/contacts/{id}",
        Parameters = [new ParameterBinding { Argument = "id", Name = "id", In = ParameterLocation.Path, Style = "simple", Explode = false, Required = true }],
    };

    [Theory]
    [InlineData("http://h/api/v1", "http://h/api/v1/contacts/42")]
    [InlineData("http://h/api/v1/", "http://h/api/v1/contacts/42")]
    [InlineData("http://h", "http://h/contacts/42")]
    [InlineData("https://h:8443/x?key=1", "https://h:8443/x/contacts/42?key=1")]
    public void Path_is_appended_to_base_path(string baseUrl, string expected)
    {
        using var request = Support.Convert.Request(Binding, """{"id": 42}""", baseUrl);

        Assert.Equal(expected, request.RequestUri!.OriginalString);
        Assert.Equal(HttpMethod.Get, request.Method);
    }
}
