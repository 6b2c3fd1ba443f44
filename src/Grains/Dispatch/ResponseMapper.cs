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
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            // The API says JSON but is not: give the agent the text rather than failing the call.
            return Success([new ToolContent(ToolContentKind.Text, text)], null, code);
        }

        using (document)
        {
            byte[] structured;
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                structured = body;
            }
            else
            {
                // structuredContent must be an object: other roots are wrapped the way the output schema says.
                using var buffer = new MemoryStream(body.Length + 32);
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName(wrapProperty ?? "result");
                    document.RootElement.WriteTo(writer);
                    writer.WriteEndObject();
                }

                structured = buffer.ToArray();
            }

            return Success([new ToolContent(ToolContentKind.Text, text)], structured, code);
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
