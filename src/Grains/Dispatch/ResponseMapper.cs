using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using McpPlatform.Contracts.Dispatch;

namespace McpPlatform.Grains.Dispatch;

/// <summary>Turns an upstream HTTP response into MCP tool-result content.</summary>
public static class ResponseMapper
{
    public static ToolCallResult Map(HttpStatusCode status, MediaTypeHeaderValue? contentType, byte[] body, string? wrapProperty, int excerptChars)
    {
        var code = (int)status;
        var mediaType = contentType?.MediaType?.ToLowerInvariant();
        if (code is < 200 or > 299)
        {
            var excerpt = Excerpt(body, contentType, excerptChars);
            var message = $"The API answered HTTP {code} {ReasonPhrase(status)}." + (excerpt.Length > 0 ? $" Response body: {excerpt}" : "");
            return ToolCallResult.Error(ToolCallOutcome.UpstreamError, message, code);
        }

        if (body.Length == 0)
        {
            return Success([new ToolContent(ToolContentKind.Text, $"The API answered HTTP {code} {ReasonPhrase(status)} with no content.")], null, code);
        }

        if (IsJson(mediaType))
        {
            return MapJson(body, wrapProperty, code);
        }

        if (mediaType is null || mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType is "application/xml" or "application/x-www-form-urlencoded")
        {
            return Success([new ToolContent(ToolContentKind.Text, Decode(body, contentType))], null, code);
        }

        var kind = mediaType.StartsWith("image/", StringComparison.Ordinal) ? ToolContentKind.Image
            : mediaType.StartsWith("audio/", StringComparison.Ordinal) ? ToolContentKind.Audio
            : ToolContentKind.Resource;
        return Success([new ToolContent(kind, null, body, mediaType)], null, code);
    }

    private static ToolCallResult MapJson(byte[] body, string? wrapProperty, int code)
    {
        var text = Encoding.UTF8.GetString(body);
        var json = body.AsSpan().StartsWith(Utf8Bom) ? body.AsSpan(Utf8Bom.Length) : body;
        if (RootKind(json) is not { } root)
        {
            // The API says JSON but is not: give the agent the text rather than failing the call.
            return Success([new ToolContent(ToolContentKind.Text, text)], null, code);
        }

        if (root == JsonTokenType.StartObject)
        {
            return Success([new ToolContent(ToolContentKind.Text, text)], body, code);
        }

        // structuredContent must be an object: other roots are wrapped the way the output schema says. The value is
        // already checked, so it is copied as it is rather than parsed and written again.
        var buffer = new ArrayBufferWriter<byte>(json.Length + 32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(wrapProperty ?? "result");
            writer.WriteRawValue(json, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return Success([new ToolContent(ToolContentKind.Text, text)], buffer.WrittenSpan.ToArray(), code);
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The first token of a single, complete JSON value; null when the bytes are not that. Builds no document.</summary>
    private static JsonTokenType? RootKind(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read())
            {
                return null;
            }

            var root = reader.TokenType;
            reader.Skip();
            return reader.Read() ? null : root;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ToolCallResult Success(IReadOnlyList<ToolContent> content, byte[]? structured, int code) =>
        new() { Outcome = ToolCallOutcome.Success, Content = content, StructuredJson = structured, UpstreamStatus = code };

    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal));

    private static string Decode(byte[] body, MediaTypeHeaderValue? contentType)
    {
        try
        {
            var charset = contentType?.CharSet?.Trim('"');
            return (charset is null ? Encoding.UTF8 : Encoding.GetEncoding(charset)).GetString(body);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8.GetString(body);
        }
    }

    private static string Excerpt(byte[] body, MediaTypeHeaderValue? contentType, int maxChars)
    {
        if (body.Length == 0)
        {
            return "";
        }

        var text = Decode(body, contentType);
        return text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, maxChars), "… (truncated)");
    }

    private static string ReasonPhrase(HttpStatusCode status) =>
        Enum.IsDefined(status) ? status.ToString() : "";
}
