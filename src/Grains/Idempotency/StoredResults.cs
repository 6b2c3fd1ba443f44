using System.Globalization;
using System.Text;
using McpPlatform.Contracts.Dispatch;

namespace McpPlatform.Grains.Idempotency;

/// <summary>Which results a key keeps for its repeats, and in what size.</summary>
public static class StoredResults
{
    /// <summary>
    /// The API's own answer is kept, error or not: repeating it would not change it. Not kept — the key is released
    /// so a retry runs the call again — when the call never got a real answer: unreachable, timed out, cancelled,
    /// refused by our own limits, or answered with a "try again" status (408, 425, 429, 502, 503, 504).
    /// </summary>
    public static bool IsFinal(ToolCallResult result) => result.Outcome switch
    {
        ToolCallOutcome.Success => true,
        ToolCallOutcome.UpstreamError => result.UpstreamStatus is not (408 or 425 or 429 or 502 or 503 or 504),
        _ => false,
    };

    /// <summary>The result itself, or — when larger than <paramref name="maxBytes"/> — a note that the call ran.</summary>
    public static ToolCallResult Shrink(ToolCallResult result, int maxBytes, DateTimeOffset ranAt)
    {
        long size = result.StructuredJson?.Length ?? 0;
        foreach (var content in result.Content)
        {
            size += (content.Text is null ? 0 : Encoding.UTF8.GetByteCount(content.Text)) + (content.Data?.Length ?? 0);
        }

        if (size <= maxBytes)
        {
            return result;
        }

        var status = result.UpstreamStatus is { } code ? $" (HTTP {code.ToString(CultureInfo.InvariantCulture)})" : "";
        return new ToolCallResult
        {
            Outcome = result.Outcome,
            UpstreamStatus = result.UpstreamStatus,
            Content =
            [
                new ToolContent(ToolContentKind.Text,
                    $"This call already ran at {ranAt.ToString("u", CultureInfo.InvariantCulture)}{status} and was not run again, but its result " +
                    $"({size.ToString(CultureInfo.InvariantCulture)} bytes) was too large to keep for repeats. Read the current state with a read tool."),
            ],
        };
    }
}
