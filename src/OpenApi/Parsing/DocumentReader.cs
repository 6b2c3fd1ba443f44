using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using SharpYaml;
using SharpYaml.Serialization;

namespace McpPlatform.OpenApi.Parsing;

/// <summary>A parsed document plus what the library's model loses and we need (Swagger 2.0 collection formats).</summary>
internal sealed record ParsedDocument(OpenApiDocument Document, SwaggerCollectionFormats CollectionFormats, bool IsSwagger2, IReadOnlyList<string> Warnings);

/// <summary>
/// Reads JSON or YAML text into the Microsoft.OpenApi model with hard limits on size, depth and alias expansion.
/// The raw tree is adjusted first where the library would misread it (deep references, collection formats, exclusive bounds).
/// </summary>
internal static class DocumentReader
{
    public const int MaxDocumentBytes = 10 * 1024 * 1024;
    private const int MaxNestingDepth = 256;

    // The library needs a base URI to key references; nothing is ever fetched from it.
    private static readonly Uri PlaceholderLocation = new("https://document.local/openapi");

    public static ParsedDocument Read(string documentText)
    {
        if (string.IsNullOrWhiteSpace(documentText))
            throw new OpenApiDocumentException("The OpenAPI document is empty.");
        if (documentText.Length > MaxDocumentBytes || Encoding.UTF8.GetByteCount(documentText) > MaxDocumentBytes)
            throw new OpenApiDocumentException("The OpenAPI document is larger than the 10 MB limit.");

        documentText = documentText.TrimStart('\uFEFF');
        ExternalReferenceGuard.ThrowIfAnyExternal(documentText);

        var settings = CreateSettings();
        var collectionFormats = SwaggerCollectionFormats.Unavailable;
        ReadResult result;
        List<string> pointerWarnings;
        try
        {
            var root = LooksLikeJson(documentText) ? ParseJson(documentText) : ParseYaml(documentText);
            pointerWarnings = DeepReferenceRewriter.Rewrite(root);
            collectionFormats = SwaggerCollectionFormats.ExtractAndNormalize(root);
            ExclusiveBoundsNormalizer.Normalize(root);
            result = new OpenApiJsonReader().Read(root, PlaceholderLocation, settings);
        }
        catch (OpenApiDocumentException) { throw; }
        catch (YamlException e) { throw new OpenApiDocumentException($"The OpenAPI document is not valid YAML: {e.Message}"); }
        catch (InsufficientExecutionStackException) { throw new OpenApiDocumentException("The OpenAPI document is nested too deeply."); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new OpenApiDocumentException($"The OpenAPI document could not be read: {e.Message}");
        }

        var errors = result.Diagnostic?.Errors.Select(e => e.ToString()).ToList() ?? [];
        if (result.Document is null)
        {
            var detail = errors.Count > 0 ? string.Join("; ", errors.Take(5)) : "unknown error";
            throw new OpenApiDocumentException($"The OpenAPI document could not be read: {detail}", errors);
        }
        var warnings = errors.Select(e => $"Document issue: {e}").Concat(pointerWarnings).ToList();
        var isSwagger2 = result.Diagnostic?.SpecificationVersion == OpenApiSpecVersion.OpenApi2_0;
        return new ParsedDocument(result.Document, collectionFormats, isSwagger2, warnings);
    }

    private static OpenApiReaderSettings CreateSettings()
    {
        return new OpenApiReaderSettings
        {
            LoadExternalRefs = false,
            // Validation walks the whole model; it is slow and not needed for conversion.
            RuleSet = ValidationRuleSet.GetEmptyRuleSet(),
        };
    }

    private static bool LooksLikeJson(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\uFEFF') continue;
            return c == '{';
        }
        return false;
    }

    /// <summary>
    /// YAML goes through the same JSON tree as JSON documents. The YAML converter's default limits (nesting depth 64,
    /// 5,000 nodes of alias expansion) refuse deep nesting and alias bombs; they are process-wide, so we leave them as they are.
    /// </summary>
    private static JsonObject ParseYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0) throw new OpenApiDocumentException("The OpenAPI document is empty.");
        JsonNode? node;
        try { node = YamlConverter.ToJsonNode(stream.Documents[0]); }
        catch (OpenApiReaderException e) { throw new OpenApiDocumentException($"The OpenAPI document was refused: {e.Message}"); }
        return node as JsonObject ?? throw new OpenApiDocumentException("The OpenAPI document must be a YAML mapping (an object) at the top level.");
    }

    private static JsonObject ParseJson(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions
            {
                MaxDepth = MaxNestingDepth,
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
            });
        }
        catch (JsonException e)
        {
            throw new OpenApiDocumentException($"The OpenAPI document is not valid JSON: {e.Message}");
        }
        return node as JsonObject ?? throw new OpenApiDocumentException("The OpenAPI document must be a JSON object.");
    }
}
