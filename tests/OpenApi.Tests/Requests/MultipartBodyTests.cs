using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Requests;

/// <summary>Multipart bodies: file parts travel base64 in arguments and are decoded into bytes on the wire.</summary>
public sealed class MultipartBodyTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: Files, version: '1'}
        paths:
          /uploads:
            post:
              operationId: upload
              requestBody:
                required: true
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      required: [file]
                      properties:
                        file: {type: string, format: binary}
                        caption: {type: string}
                        meta: {type: object, properties: {owner: {type: string}}}
                    encoding:
                      file: {contentType: 'image/png, image/jpeg'}
              responses: {'204': {description: stored}}
        """;

    [Fact]
    public void File_part_is_a_base64_string_argument_marked_as_file()
    {
        var result = Support.Convert.Document(Document);
        var tool = result.Tools.Single();

        Assert.Contains(new BodyPropertyBinding("file", "file", IsFile: true) { ContentType = "image/png, image/jpeg" }, tool.Binding.Body!.Properties);
        Assert.Equal("base64", Support.Convert.Input(tool)["properties"]!["file"]!["contentEncoding"]!.GetValue<string>());
        Assert.Contains(result.Warnings, w => w.Contains("upload", StringComparison.Ordinal) && w.Contains("base64", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Multipart_request_carries_decoded_file_bytes_text_and_json_parts()
    {
        var tool = Support.Convert.Document(Document).Tools.Single();
        var fileBase64 = System.Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF]);

        using var request = Support.Convert.Request(tool, """{"file":"@fileBase64@","caption":"logo","meta":{"owner":"ada"}}""".Replace("@fileBase64@", fileBase64));

        var multipart = Assert.IsType<MultipartFormDataContent>(request.Content);
        var parts = multipart.ToList();
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF], await parts[0].ReadAsByteArrayAsync());
        Assert.Equal("file", parts[0].Headers.ContentDisposition!.Name!.Trim('"'));
        Assert.Equal("image/png", parts[0].Headers.ContentType!.MediaType);
        Assert.Equal("logo", await parts[1].ReadAsStringAsync());
        Assert.Equal("""{"owner":"ada"}""", await parts[2].ReadAsStringAsync());
        Assert.Equal("application/json", parts[2].Headers.ContentType!.MediaType);
    }

    [Fact]
    public void Invalid_base64_file_content_is_refused_with_the_argument_name()
    {
        var tool = Support.Convert.Document(Document).Tools.Single();

        var error = Assert.Throws<ArgumentBindingException>(() => Support.Convert.Request(tool, """{"file":"not base64!"}"""));

        Assert.Contains("'file'", error.Message);
    }
}
