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
        // SQLite keeps no time zone: times read back are UTC, as they were written.
        builder.Property(e => e.StartedAt).HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

        // Newest first within a tenant (PostgreSQL and SQLite both scan an index backwards), by tool, and by age for retention.
        builder.HasIndex(e => new { e.TenantId, e.StartedAt, e.Id });
        builder.HasIndex(e => new { e.TenantId, e.Tool, e.StartedAt, e.Id });
        builder.HasIndex(e => e.StartedAt);
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
}
