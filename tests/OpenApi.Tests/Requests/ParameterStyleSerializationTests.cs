using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Requests;

/// <summary>
/// The style/explode table from the OpenAPI specification (values: color = "blue", ["blue","black","brown"],
/// {"R":100,"G":200,"B":150}). Pipes and spaces are percent-encoded because they are not allowed raw in a URI.
/// </summary>
public sealed class ParameterStyleSerializationTests
{
    private const string Primitive = "\"blue\"";
    private const string Array = """["blue","black","brown"]""";
    private const string Object = """{"R":100,"G":200,"B":150}""";

    public static TheoryData<string, bool, string, string> PathCases => new()
    {
        { "simple", false, Primitive, "/p/blue" },
        { "simple", false, Array, "/p/blue,black,brown" },
        { "simple", false, Object, "/p/R,100,G,200,B,150" },
        { "simple", true, Object, "/p/R=100,G=200,B=150" },
        { "label", false, Primitive, "/p/.blue" },
        { "label", false, Array, "/p/.blue,black,brown" },
        { "label", true, Array, "/p/.blue.black.brown" },
        { "label", true, Object, "/p/.R=100.G=200.B=150" },
        { "matrix", false, Primitive, "/p/;color=blue" },
        { "matrix", false, Array, "/p/;color=blue,black,brown" },
        { "matrix", true, Array, "/p/;color=blue;color=black;color=brown" },
        { "matrix", false, Object, "/p/;color=R,100,G,200,B,150" },
        { "matrix", true, Object, "/p/;R=100;G=200;B=150" },
    };

    public static TheoryData<string, bool, string, string> QueryCases => new()
    {
        { "form", true, Primitive, "color=blue" },
        { "form", false, Array, "color=blue,black,brown" },
        { "form", true, Array, "color=blue&color=black&color=brown" },
        { "form", false, Object, "color=R,100,G,200,B,150" },
        { "form", true, Object, "R=100&G=200&B=150" },
        { "spaceDelimited", false, Array, "color=blue%20black%20brown" },
        { "pipeDelimited", false, Array, "color=blue%7Cblack%7Cbrown" },
        { "deepObject", true, Object, "color[R]=100&color[G]=200&color[B]=150" },
    };

    [Theory]
    [MemberData(nameof(PathCases))]
    public void Path_parameter_is_serialized_per_style(string style, bool explode, string value, string expectedPath)
    {
        var binding = Binding(ParameterLocation.Path, style, explode, "/p/{color}");

        using var request = Support.Convert.Request(binding, $$"""{"color": {{value}}}""", "http://h");

        Assert.Equal("http://h" + expectedPath, request.RequestUri!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(QueryCases))]
    public void Query_parameter_is_serialized_per_style(string style, bool explode, string value, string expectedQuery)
    {
        var binding = Binding(ParameterLocation.Query, style, explode, "/p");

        using var request = Support.Convert.Request(binding, $$"""{"color": {{value}}}""", "http://h");

        Assert.Equal("http://h/p?" + expectedQuery, request.RequestUri!.OriginalString);
    }

    [Fact]
    public void Path_values_are_percent_encoded_as_segments()
    {
        var binding = Binding(ParameterLocation.Path, "simple", false, "/files/{color}");

        using var request = Support.Convert.Request(binding, """{"color": "a/b c?é"}""", "http://h/api");

        Assert.Equal("http://h/api/files/a%2Fb%20c%3F%C3%A9", request.RequestUri!.OriginalString);
    }

    [Fact]
    public void Query_values_with_reserved_characters_are_encoded_unless_allowed()
    {
        var strict = Binding(ParameterLocation.Query, "form", true, "/p");
        var reserved = strict with { Parameters = [strict.Parameters[0] with { AllowReserved = true }] };

        using var encoded = Support.Convert.Request(strict, """{"color": "a&b=c/d"}""", "http://h");
        using var raw = Support.Convert.Request(reserved, """{"color": "a/b:c"}""", "http://h");

        Assert.Equal("http://h/p?color=a%26b%3Dc%2Fd", encoded.RequestUri!.OriginalString);
        Assert.Equal("http://h/p?color=a/b:c", raw.RequestUri!.OriginalString);
    }

    private static OperationBinding Binding(ParameterLocation location, string style, bool explode, string path) => new()
    {
        Method = "GET",
        PathTemplate = path,
        Parameters = [new ParameterBinding { Argument = "color", Name = "color", In = location, Style = style, Explode = explode, Required = true }],
    };
}
