using ConformanceApi;

// The upstream API behind the MCP conformance test (tests/Conformance.Tests): one operation per tool scenario of
// @modelcontextprotocol/conformance, named by operationId so the platform's generated tools carry the names the suite
// calls (test_simple_text, test_image_content, …), answering with the media types the platform maps to text, image
// and audio content, or an error status for tools-call-error.
var builder = WebApplication.CreateBuilder(args);

if (string.IsNullOrWhiteSpace(builder.Configuration["urls"])
    && string.IsNullOrWhiteSpace(builder.Configuration["http_ports"])
    && string.IsNullOrWhiteSpace(builder.Configuration["https_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5090");
}

builder.Services.AddOpenApi(options =>
{
    options.AddDocumentTransformer((document, _, _) =>
    {
        document.Info.Title = "MCP conformance test API";
        document.Info.Version = "v1";
        document.Info.Description = "Upstream for the MCP conformance suite's tool scenarios, served through McpPlatform.";
        return Task.CompletedTask;
    });
    // The json-schema-2020-12 scenario looks for "$defs": {"address": …}: name the component accordingly (the test
    // registers this API with "schemaReferences": "definitions", so components stay $defs entries under their names).
    options.CreateSchemaReferenceId = type => type.Type == typeof(Address) ? "address" : Microsoft.AspNetCore.OpenApi.OpenApiOptions.CreateDefaultSchemaReferenceId(type);
});

var app = builder.Build();
app.MapOpenApi();

app.MapGet("/simple-text", () => Results.Text(Fixtures.SimpleText, "text/plain"))
    .WithName("test_simple_text")
    .WithSummary("Simple text")
    .WithDescription("Returns a fixed plain-text sentence (conformance scenario tools-call-simple-text).")
    .Produces<string>(StatusCodes.Status200OK, "text/plain");

app.MapGet("/image", () => Results.Bytes(Fixtures.RedPixelPng, "image/png"))
    .WithName("test_image_content")
    .WithSummary("Image content")
    .WithDescription("Returns a 1x1 red PNG (conformance scenario tools-call-image).")
    .Produces(StatusCodes.Status200OK, typeof(byte[]), "image/png");

app.MapGet("/document", () => Results.Bytes(Fixtures.TinyPdf, "application/pdf"))
    .WithName("test_embedded_resource")
    .WithSummary("Embedded resource")
    .WithDescription("Returns a tiny PDF; binary media types other than image and audio become embedded resource content (conformance scenario tools-call-embedded-resource).")
    .Produces(StatusCodes.Status200OK, typeof(byte[]), "application/pdf");

app.MapGet("/audio", () => Results.Bytes(Fixtures.SilentWav, "audio/wav"))
    .WithName("test_audio_content")
    .WithSummary("Audio content")
    .WithDescription("Returns a short silent WAV clip (conformance scenario tools-call-audio).")
    .Produces(StatusCodes.Status200OK, typeof(byte[]), "audio/wav");

app.MapGet("/error", () => Results.Text(Fixtures.ErrorText, "text/plain", statusCode: StatusCodes.Status500InternalServerError))
    .WithName("test_error_handling")
    .WithSummary("Error handling")
    .WithDescription("Always fails with HTTP 500 (conformance scenario tools-call-error).")
    .Produces<string>(StatusCodes.Status500InternalServerError, "text/plain");

app.MapPost("/json-schema-2020-12", (Person person) => Results.Ok(new Greeting($"Hello {person.Name}" + (person.Address?.City is { } city ? $" from {city}" : ""))))
    .WithName("json_schema_2020_12_tool")
    .WithSummary("Tool with JSON Schema 2020-12 features")
    .WithDescription("Takes a person whose address is a shared schema, with no additional properties allowed (conformance scenario json-schema-2020-12).");

app.Run();
