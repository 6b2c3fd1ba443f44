using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace McpPlatform.Frontend.Streams;

/// <summary>
/// SSE event ids on a session's GET stream: <c>t{toolsVersion}.{stream}.{n}</c>. The tenant's tool-list version is
/// the stream's position, so any frontend can resume a stream from an id another frontend wrote — nothing is
/// stored per event. The random stream part and the counter keep ids unique across all of a session's streams.
/// </summary>
public sealed class StreamEventIds
{
    private readonly string stream = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(9));
    private long next;

    public string Next(long toolsVersion) =>
        string.Create(CultureInfo.InvariantCulture, $"t{toolsVersion}.{stream}.{next++}");

    /// <summary>The tool-list version an id was written at; null when the id is not one of ours.</summary>
    public static long? ToolsVersionOf(string? eventId)
    {
        if (string.IsNullOrEmpty(eventId) || eventId[0] != 't')
        {
            return null;
        }

        var end = eventId.IndexOf('.', StringComparison.Ordinal);
        return end > 1 && long.TryParse(eventId.AsSpan(1, end - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;
    }
}
