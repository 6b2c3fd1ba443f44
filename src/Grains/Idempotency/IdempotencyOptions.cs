using System.ComponentModel.DataAnnotations;

namespace McpPlatform.Grains.Idempotency;

/// <summary>How long idempotency keys are remembered and how much of a result is kept. Section <c>Platform:Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Platform:Idempotency";

    /// <summary>How long a key and its result are kept after the call (repeats later than this run again).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan RecordTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a running call holds its key. Longer than any upstream call with its retries: only when the process
    /// running the call died does a repeat wait this long and then run the call itself.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan InProgressTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest result stored for repeats; a repeat of a larger one is told the call ran, without the result.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxStoredResultBytes { get; set; } = 1024 * 1024;

    /// <summary>How often each silo deletes expired keys from the database.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
