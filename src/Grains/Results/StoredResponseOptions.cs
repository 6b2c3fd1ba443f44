using System.ComponentModel.DataAnnotations;

namespace McpPlatform.Grains.Results;

/// <summary>Large upstream responses become links. Section <c>Platform:StoredResponses</c>.</summary>
public sealed class StoredResponseOptions
{
    public const string SectionName = "Platform:StoredResponses";

    /// <summary>A successful response larger than this is stored and linked (an API may set its own threshold).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int ThresholdBytes { get; set; } = 256 * 1024;

    /// <summary>How long a stored response stays readable.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How much of a stored text or JSON response is shown inline, so the agent can judge it before reading.</summary>
    [Range(0, 64 * 1024)]
    public int PreviewChars { get; set; } = 2000;
}
