using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using McpPlatform.OpenApi.Model;

namespace McpPlatform.OpenApi.Requests;

/// <summary>Builds the HTTP content from the body argument or from the flattened body-property arguments.</summary>
internal static class BodyEncoder
{
    public static HttpContent? Encode(BodyBinding body, JsonElement arguments)
    {
        var fields = Collect(body, arguments, out var whole);
        if (fields is null && whole is null)
        {
            if (!body.Required) return null;
            if (body.Argument is not null) throw new ArgumentBindingException($"Missing required argument '{body.Argument}' (the request body).");
            fields = [];
        }
        return body.Encoding switch
        {
            BodyEncoding.Json => Json(body, fields, whole),
            BodyEncoding.FormUrlEncoded => Form(body, fields, whole),
            BodyEncoding.Multipart => Multipart(body, fields, whole),
            BodyEncoding.Text => new StringContent(ArgumentValues.Text(whole ?? default), Encoding.UTF8, MediaType(body)),
            _ => Binary(body, whole ?? default),
        };
    }

    private sealed record Field(string Name, JsonElement Value, bool IsFile, string Argument, string? ContentType = null);

    /// <summary>Either the whole-body argument or the present flattened properties (null when nothing was given).</summary>
    private static List<Field>? Collect(BodyBinding body, JsonElement arguments, out JsonElement? whole)
    {
        whole = null;
        if (body.Argument is not null)
        {
            if (ArgumentValues.TryGet(arguments, body.Argument, out var value)) whole = value;
            return null;
        }
        var fields = new List<Field>();
        foreach (var property in body.Properties)
            if (ArgumentValues.TryGet(arguments, property.Argument, out var value))
                fields.Add(new Field(property.Property, value, property.IsFile, property.Argument, property.ContentType));
        return fields.Count > 0 ? fields : null;
    }

    private static HttpContent Json(BodyBinding body, List<Field>? fields, JsonElement? whole)
    {
        if (whole is { } value) return Content(Encoding.UTF8.GetBytes(value.GetRawText()), body.MediaType);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var field in fields!)
            {
                writer.WritePropertyName(field.Name);
                field.Value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return Content(buffer.ToArray(), body.MediaType);
    }

    private static HttpContent Form(BodyBinding body, List<Field>? fields, JsonElement? whole)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var field in fields ?? FieldsOf(whole, body))
            AddFormPairs(pairs, field.Name, field.Value);
        return new FormUrlEncodedContent(pairs);
    }

    /// <summary>Arrays repeat the key (form, explode); objects use bracketed keys, which form-style servers parse.</summary>
    private static void AddFormPairs(List<KeyValuePair<string, string>> pairs, string key, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null: return;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                    if (item.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)) AddFormPairs(pairs, key, item);
                    else pairs.Add(new(key, item.GetRawText()));
                return;
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject()) AddFormPairs(pairs, $"{key}[{member.Name}]", member.Value);
                return;
            default:
                pairs.Add(new(key, ArgumentValues.Text(value)));
                return;
        }
    }

    private static HttpContent Multipart(BodyBinding body, List<Field>? fields, JsonElement? whole)
    {
        var content = new MultipartFormDataContent();
        foreach (var field in fields ?? FieldsOf(whole, body))
        {
            var values = field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().ToList() : [field.Value];
            foreach (var value in values)
            {
                if (value.ValueKind == JsonValueKind.Null) continue;
                if (field.IsFile)
                {
                    var file = new ByteArrayContent(Base64(value, field.Argument));
                    file.Headers.ContentType = ParseMediaType(FirstMediaType(field.ContentType) ?? "application/octet-stream");
                    AddPart(content, file, field.Name, fileName: field.Name);
                }
                else if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    AddPart(content, new StringContent(value.GetRawText(), Encoding.UTF8, "application/json"), field.Name);
                else
                    AddPart(content, new StringContent(ArgumentValues.Text(value), Encoding.UTF8), field.Name);
            }
        }
        return content;
    }

    /// <summary>
    /// <c>Content-Disposition: form-data; name="…"; filename="…"</c> with quoted values and no <c>filename*</c>, as RFC 7578
    /// §4.2 asks (<c>filename*</c> MUST NOT be used) and as browsers send it. <see cref="MultipartFormDataContent"/>'s own
    /// <c>Add(content, name, fileName)</c> writes unquoted tokens plus <c>filename*=utf-8''…</c>, which form parsers
    /// that expect quoted values reject (Prism's crashes on it).
    /// </summary>
    private static void AddPart(MultipartFormDataContent multipart, HttpContent part, string name, string? fileName = null)
    {
        if (!IsAscii(name) || (fileName is not null && !IsAscii(fileName)))
        {
            // Non-ASCII names cannot go into a header value as-is; keep the framework's RFC 5987 encoding.
            if (fileName is null) multipart.Add(part, name);
            else multipart.Add(part, name, fileName);
            return;
        }
        var disposition = new ContentDispositionHeaderValue("form-data");
        disposition.Parameters.Add(new NameValueHeaderValue("name", Quote(name)));
        if (fileName is not null) disposition.Parameters.Add(new NameValueHeaderValue("filename", Quote(fileName)));
        part.Headers.ContentDisposition = disposition;
        multipart.Add(part);
    }

    private static bool IsAscii(string text) => text.All(c => c is >= ' ' and <= '~');

    // RFC 7578 §4.2 / the HTML form encoding: a double quote inside a quoted name is percent-encoded.
    private static string Quote(string value) => "\"" + value.Replace("\"", "%22", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal) + "\"";

    private static HttpContent Binary(BodyBinding body, JsonElement value)
        => Content(Base64(value, body.Argument ?? "body"), body.MediaType);

    private static IEnumerable<Field> FieldsOf(JsonElement? whole, BodyBinding body)
    {
        if (whole is not { ValueKind: JsonValueKind.Object } value)
            throw new ArgumentBindingException($"Argument '{body.Argument}' must be an object whose properties are the form fields.");
        return value.EnumerateObject().Select(p => new Field(p.Name, p.Value, false, body.Argument!));
    }

    private static byte[] Base64(JsonElement value, string argument)
    {
        if (value.ValueKind == JsonValueKind.String && value.TryGetBytesFromBase64(out var bytes)) return bytes;
        throw new ArgumentBindingException($"Argument '{argument}' must be a base64-encoded string (file content).");
    }

    private static ByteArrayContent Content(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = ParseMediaType(mediaType);
        return content;
    }

    private static MediaTypeHeaderValue ParseMediaType(string mediaType)
        => MediaTypeHeaderValue.TryParse(mediaType, out var parsed) ? parsed : new MediaTypeHeaderValue("application/octet-stream");

    // An encoding's contentType may list alternatives ("image/png, image/jpeg"); the first one is sent.
    private static string? FirstMediaType(string? contentTypes) => contentTypes?.Split(',')[0].Trim() is { Length: > 0 } first ? first : null;

    private static string MediaType(BodyBinding body) => MediaTypeHeaderValue.TryParse(body.MediaType, out var parsed) && parsed.MediaType is { } type ? type : "text/plain";
}
