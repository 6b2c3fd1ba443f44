using System.ComponentModel.DataAnnotations;

namespace McpPlatform.Persistence.AuditLog;

/// <summary>The tool-call audit log. Section <c>Platform:Audit</c>.</summary>
public sealed class AuditLogOptions
{
    public const string SectionName = "Platform:Audit";

    /// <summary>Off: no new records are kept (those already written stay readable).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long records gather in memory before they are written in one batch. A process that crashes loses at most
    /// this much (plus one write); a graceful stop writes everything first.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most records in one write (one COPY on PostgreSQL, one transaction on SQLite).</summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>Records waiting to be written; past this (the database has been down for a while) new ones are dropped and counted.</summary>
    [Range(100, 10_000_000)]
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>Records older than this are deleted (checked hourly).</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 90;
}
