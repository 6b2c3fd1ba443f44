using Microsoft.OpenApi;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>OpenAPI style names, defaults per location, and Swagger 2.0 collectionFormat equivalents.</summary>
internal static class ParameterStyles
{
    /// <summary>Non-standard style for Swagger 2.0 <c>tsv</c>, which OpenAPI 3 cannot express.</summary>
    public const string TabDelimited = "tabDelimited";

    public static string Name(ParameterStyle style) => style switch
    {
        ParameterStyle.Matrix => "matrix",
        ParameterStyle.Label => "label",
        ParameterStyle.Form => "form",
        ParameterStyle.Simple => "simple",
        ParameterStyle.SpaceDelimited => "spaceDelimited",
        ParameterStyle.PipeDelimited => "pipeDelimited",
        ParameterStyle.DeepObject => "deepObject",
        _ => "form",
    };

    public static string DefaultFor(Model.ParameterLocation location)
        => location is Model.ParameterLocation.Path or Model.ParameterLocation.Header ? "simple" : "form";

    public static (string Style, bool Explode) FromCollectionFormat(string format, Model.ParameterLocation location) => format switch
    {
        "multi" => ("form", true),
        "ssv" => ("spaceDelimited", false),
        "tsv" => (TabDelimited, false),
        "pipes" => ("pipeDelimited", false),
        _ => (DefaultFor(location), false),
    };
}
