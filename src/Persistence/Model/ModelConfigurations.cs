using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpPlatform.Persistence.Model;

/// <summary>Provider differences the model needs to know about (column types only; names are shared).</summary>
public sealed record PlatformDbDialect(bool IsPostgres)
{
    /// <summary>Column type for JSON documents: jsonb on PostgreSQL, TEXT elsewhere.</summary>
    public string JsonColumnType => IsPostgres ? "jsonb" : "TEXT";
}

internal sealed class GrainStateConfiguration(PlatformDbDialect dialect) : IEntityTypeConfiguration<GrainStateRecord>
{
    public void Configure(EntityTypeBuilder<GrainStateRecord> builder)
    {
        builder.ToTable(PlatformTableNames.GrainState);
        builder.HasKey(e => new { e.ServiceId, e.StateName, e.GrainId });
        builder.Property(e => e.ServiceId).HasMaxLength(150);
        builder.Property(e => e.StateName).HasMaxLength(150);
        builder.Property(e => e.GrainId).HasMaxLength(512);
        builder.Property(e => e.Payload).HasColumnType(dialect.JsonColumnType);
        builder.Property(e => e.ETag).HasColumnName("etag").HasMaxLength(64);
    }
}

internal sealed class MembershipSiloConfiguration : IEntityTypeConfiguration<MembershipSiloRecord>
{
    public void Configure(EntityTypeBuilder<MembershipSiloRecord> builder)
    {
        builder.ToTable(PlatformTableNames.MembershipSilos);
        builder.HasKey(e => new { e.ClusterId, e.SiloAddress });
        builder.Property(e => e.ClusterId).HasMaxLength(150);
        builder.Property(e => e.SiloAddress).HasMaxLength(150);
        builder.Property(e => e.SiloName).HasMaxLength(150);
        builder.Property(e => e.HostName).HasMaxLength(150);
        builder.Property(e => e.RoleName).HasMaxLength(150);
        builder.Property(e => e.ETag).HasColumnName("etag").HasMaxLength(64);
    }
}

internal sealed class MembershipVersionConfiguration : IEntityTypeConfiguration<MembershipVersionRecord>
{
    public void Configure(EntityTypeBuilder<MembershipVersionRecord> builder)
    {
        builder.ToTable(PlatformTableNames.MembershipVersions);
        builder.HasKey(e => e.ClusterId);
        builder.Property(e => e.ClusterId).HasMaxLength(150);
    }
}
