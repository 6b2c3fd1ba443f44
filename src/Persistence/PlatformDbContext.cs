using McpPlatform.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace McpPlatform.Persistence;

/// <summary>
/// The system of record. Abstract because each provider has its own derived context
/// (<see cref="SqlitePlatformDbContext"/>, <see cref="PostgresPlatformDbContext"/>) carrying its own migration set;
/// code depends on <c>IDbContextFactory&lt;PlatformDbContext&gt;</c> and never cares which one it gets.
/// </summary>
public abstract class PlatformDbContext : DbContext
{
    protected PlatformDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<GrainStateRecord> GrainStates => Set<GrainStateRecord>();

    public DbSet<MembershipSiloRecord> MembershipSilos => Set<MembershipSiloRecord>();

    public DbSet<MembershipVersionRecord> MembershipVersions => Set<MembershipVersionRecord>();

    public DbSet<ToolCallAuditRecord> ToolCallAudit => Set<ToolCallAuditRecord>();

    /// <summary>True for the PostgreSQL context.</summary>
    public abstract bool IsPostgres { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var dialect = new PlatformDbDialect(IsPostgres);
        if (IsPostgres)
        {
            modelBuilder.HasDefaultSchema(PlatformTableNames.Schema);
        }

        // New tables: add an entity + IEntityTypeConfiguration and one line here, then add a migration per provider.
        modelBuilder.ApplyConfiguration(new GrainStateConfiguration(dialect));
        modelBuilder.ApplyConfiguration(new MembershipSiloConfiguration());
        modelBuilder.ApplyConfiguration(new MembershipVersionConfiguration());
        modelBuilder.ApplyConfiguration(new ToolCallAuditConfiguration());

        SnakeCaseNaming.Apply(modelBuilder);
    }
}

/// <summary>SQLite flavour of <see cref="PlatformDbContext"/>; migrations live in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqlitePlatformDbContext(DbContextOptions<SqlitePlatformDbContext> options) : PlatformDbContext(options)
{
    public override bool IsPostgres => false;
}

/// <summary>PostgreSQL flavour of <see cref="PlatformDbContext"/>; migrations live in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresPlatformDbContext(DbContextOptions<PostgresPlatformDbContext> options) : PlatformDbContext(options)
{
    public override bool IsPostgres => true;
}
