using McpPlatform.OpenApi.Model;
using Microsoft.OpenApi;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>Picks which of an operation's media types the tool uses: JSON first, then forms, then text, then raw bytes.</summary>
internal static class MediaTypes
{
    public static bool IsJson(string mediaType)
    {
        var essence = Essence(mediaType);
        return essence == "application/json" || essence.EndsWith("+json", StringComparison.Ordinal)
            || essence.EndsWith("/json", StringComparison.Ordinal) || essence == "*/*";
    }

    public static (string MediaType, OpenApiMediaType Media, BodyEncoding Encoding)? SelectRequest(IDictionary<string, OpenApiMediaType>? content)
    {
        if (content is not { Count: > 0 }) return null;
        (string, OpenApiMediaType, BodyEncoding)? best = null;
        var bestRank = int.MaxValue;
        foreach (var (mediaType, media) in content)
        {
            var (rank, encoding) = Classify(Essence(mediaType));
            if (rank >= bestRank) continue;
            bestRank = rank;
            var sent = Essence(mediaType) == "*/*" ? "application/json" : mediaType;
            best = (sent, media, encoding);
        }
        return best;
    }

    /// <summary>The first JSON media type of a response, if any.</summary>
    public static (string MediaType, OpenApiMediaType Media)? SelectJsonResponse(IDictionary<string, OpenApiMediaType>? content)
    {
        if (content is null) return null;
        foreach (var (mediaType, media) in content)
            if (IsJson(mediaType) && Essence(mediaType) != "*/*") return (Essence(mediaType), media);
        foreach (var (mediaType, media) in content)
            if (Essence(mediaType) == "*/*" && media.Schema is not null) return ("application/json", media);
        return null;
    }

    private static (int Rank, BodyEncoding Encoding) Classify(string essence) => essence switch
    {
        "application/json" => (0, BodyEncoding.Json),
        _ when essence.EndsWith("+json", StringComparison.Ordinal) || essence.EndsWith("/json", StringComparison.Ordinal) => (1, BodyEncoding.Json),
        "application/x-www-form-urlencoded" => (2, BodyEncoding.FormUrlEncoded),
        "multipart/form-data" => (3, BodyEncoding.Multipart),
        "text/plain" => (4, BodyEncoding.Text),
        "*/*" => (5, BodyEncoding.Json),
        _ when essence.StartsWith("text/", StringComparison.Ordinal) || essence.EndsWith("xml", StringComparison.Ordinal) => (6, BodyEncoding.Text),
        _ => (7, BodyEncoding.Binary),
    };

    private static string Essence(string mediaType)
    {
        var semicolon = mediaType.IndexOf(';');
        return (semicolon >= 0 ? mediaType[..semicolon] : mediaType).Trim().ToLowerInvariant();
    }
}
