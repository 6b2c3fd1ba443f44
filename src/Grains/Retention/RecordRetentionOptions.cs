using System.ComponentModel.DataAnnotations;

namespace McpPlatform.Grains.Retention;

/// <summary>How long records that end on their own stay in the system of record. Section <c>Platform:Retention</c>.</summary>
public sealed class RecordRetentionOptions
{
    public const string SectionName = "Platform:Retention";

    /// <summary>
    /// A session record (either transport) not written for this long is deleted. Keep it well above
    /// <c>Platform:Mcp:SessionIdleTimeout</c>: a live session writes its activity at least every quarter of that.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan SessionRecords { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// A stored large response not written for this long is deleted; normally its grain removes it at expiry, this
    /// catches those whose silo died first. Keep it above <c>Platform:StoredResponses:Lifetime</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan StoredResponses { get; set; } = TimeSpan.FromDays(8);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(30);
}
