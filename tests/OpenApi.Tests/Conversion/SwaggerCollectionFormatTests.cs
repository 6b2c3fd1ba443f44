using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>Swagger 2.0 collectionFormat maps to style/explode at conversion time and serializes accordingly.</summary>
public sealed class SwaggerCollectionFormatTests
{
    private const string Document = """
        {"swagger":"2.0","info":{"title":"t","version":"1"},"host":"api.example.com","basePath":"/v2","schemes":["https","http"],
         "paths":{"/items/{ids}":{"get":{"operationId":"listItems","produces":["application/json"],"parameters":[
           {"name":"ids","in":"path","required":true,"type":"array","items":{"type":"integer"},"collectionFormat":"csv"},
           {"name":"tag","in":"query","type":"array","items":{"type":"string"},"collectionFormat":"multi"},
           {"name":"sort","in":"query","type":"array","items":{"type":"string"},"collectionFormat":"csv"},
           {"name":"plain","in":"query","type":"array","items":{"type":"string"}},
           {"name":"piped","in":"query","type":"array","items":{"type":"string"},"collectionFormat":"pipes"},
           {"name":"spaced","in":"query","type":"array","items":{"type":"string"},"collectionFormat":"ssv"},
           {"name":"tabbed","in":"query","type":"array","items":{"type":"string"},"collectionFormat":"tsv"}],
           "responses":{"200":{"description":"ok","schema":{"type":"array","items":{"type":"string"}}}}}}}}
        """;

    [Theory]
    [InlineData("ids", "simple", false)]
    [InlineData("tag", "form", true)]
    [InlineData("sort", "form", false)]
    [InlineData("plain", "form", false)]
    [InlineData("piped", "pipeDelimited", false)]
    [InlineData("spaced", "spaceDelimited", false)]
    [InlineData("tabbed", "tabDelimited", false)]
    public void Collection_format_maps_to_style_and_explode(string name, string style, bool explode)
    {
        var parameter = Support.Convert.Tool(Document, "listItems").Binding.Parameters.Single(p => p.Name == name);

        Assert.Equal((style, explode), (parameter.Style, parameter.Explode));
    }

    [Fact]
    public void Multi_repeats_the_key_and_csv_joins_with_commas()
    {
        var tool = Support.Convert.Tool(Document, "listItems");

        using var request = Support.Convert.Request(tool,
            """{"ids":[1,2],"tag":["a","b"],"sort":["name","-date"],"tabbed":["x","y"]}""", "https://api.example.com/v2");

        Assert.Equal("https://api.example.com/v2/items/1,2?tag=a&tag=b&sort=name,-date&tabbed=x%09y", request.RequestUri!.OriginalString);
    }

    [Fact]
    public void Yaml_swagger_document_gets_the_same_collection_formats()
    {
        // JSON is valid YAML; the leading comment routes it through the YAML reader.
        var yamlTool = Support.Convert.Tool("# yaml\n" + Document, "listItems");

        Assert.Equal(Support.Convert.Tool(Document, "listItems").Binding, yamlTool.Binding, new BindingComparer());
    }

    private sealed class BindingComparer : IEqualityComparer<OperationBinding>
    {
        public bool Equals(OperationBinding? x, OperationBinding? y) => x!.Parameters.SequenceEqual(y!.Parameters) && x.Method == y.Method;
        public int GetHashCode(OperationBinding obj) => obj.Method.GetHashCode();
    }

    [Fact]
    public void Server_url_comes_from_first_scheme_host_and_base_path()
    {
        var result = Support.Convert.Document(Document);

        Assert.Equal("https://api.example.com/v2", result.ServerUrl);
    }

    [Fact]
    public void Non_object_response_is_wrapped_in_result()
    {
        var tool = Support.Convert.Tool(Document, "listItems");

        Assert.Equal("result", tool.Binding.ResponseWrapProperty);
        Assert.Equal(["result"], Support.Convert.Strings(Support.Convert.Output(tool)["required"]));
        Assert.Equal("array", Support.Convert.Output(tool)["properties"]!["result"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Swagger_file_parameter_becomes_base64_multipart_file_with_warning()
    {
        const string document = """
            {"swagger":"2.0","info":{"title":"t","version":"1"},
             "paths":{"/upload":{"post":{"operationId":"upload","consumes":["multipart/form-data"],"parameters":[
               {"name":"file","in":"formData","type":"file","required":true},
               {"name":"note","in":"formData","type":"string"}],
               "responses":{"200":{"description":"ok"}}}}}}
            """;

        var result = Support.Convert.Document(document);
        var tool = result.Tools.Single();

        Assert.Equal(BodyEncoding.Multipart, tool.Binding.Body!.Encoding);
        Assert.Contains(new BodyPropertyBinding("file", "file", IsFile: true), tool.Binding.Body.Properties);
        Assert.Equal("string", Support.Convert.Input(tool)["properties"]!["file"]!["type"]!.GetValue<string>());
        Assert.Contains(result.Warnings, w => w.Contains("base64", StringComparison.Ordinal));
        Assert.Null(tool.OutputSchema);
    }
}
