using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpPlatform.Persistence.Model;

internal sealed class ToolCallAuditConfiguration : IEntityTypeConfiguration<ToolCallAuditRecord>
{
    public void Configure(EntityTypeBuilder<ToolCallAuditRecord> builder)
    {
        builder.ToTable(PlatformTableNames.ToolCallAudit);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.TenantId).HasMaxLength(ToolCallAuditLimits.Id);
        builder.Property(e => e.Tool).HasMaxLength(ToolCallAuditLimits.Tool);
        builder.Property(e => e.ApiId).HasMaxLength(ToolCallAuditLimits.Id);
        builder.Property(e => e.KeyId).HasMaxLength(ToolCallAuditLimits.Id);
        builder.Property(e => e.SessionId).HasMaxLength(ToolCallAuditLimits.Session);
        builder.Property(e => e.RequestId).HasMaxLength(ToolCallAuditLimits.RequestId);
        builder.Property(e => e.Outcome).HasMaxLength(ToolCallAuditLimits.Outcome);
        builder.Property(e => e.TraceId).HasMaxLength(ToolCallAuditLimits.TraceId);
        builder.Property(e => e.Subject).HasMaxLength(ToolCallAuditLimits.Subject);
        builder.Property(e => e.ClientId).HasMaxLength(ToolCallAuditLimits.ClientId);
        builder.Property(e => e.Scopes).HasMaxLength(ToolCallAuditLimits.Scopes);
        // SQLite keeps no time zone: times read back are UTC, as they were written.
        builder.Property(e => e.StartedAt).HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

        // Newest first within a tenant (PostgreSQL and SQLite both scan an index backwards), by tool, and by age for retention.
        builder.HasIndex(e => new { e.TenantId, e.StartedAt, e.Id });
        builder.HasIndex(e => new { e.TenantId, e.Tool, e.StartedAt, e.Id });
        builder.HasIndex(e => e.StartedAt);
        // By principal; only OAuth calls have one, so key calls (most of them) do not pay for this index on write.
        builder.HasIndex(e => new { e.TenantId, e.Subject, e.StartedAt, e.Id }).HasFilter("subject IS NOT NULL");
    }
}

/// <summary>Column sizes of the audit log; longer values are cut to fit when a record is made.</summary>
public static class ToolCallAuditLimits
{
    public const int Id = 64;
    public const int Tool = 128;
    public const int Session = 128;
    public const int RequestId = 128;
    public const int Outcome = 32;
    public const int TraceId = 32;
    /// <summary>OpenID Connect caps <c>sub</c> at 255 ASCII characters.</summary>
    public const int Subject = 255;
    public const int ClientId = 255;
    public const int Scopes = 1024;
}
