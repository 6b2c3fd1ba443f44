using McpPlatform.Persistence.AuditLog;
using McpPlatform.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace McpPlatform.Persistence.Tests;

/// <summary>The audit batch writers' column mapping refuses a model it would write incompletely.</summary>
public sealed class AuditTableScenarios
{
    [Fact]
    public void A_model_column_the_batch_writers_do_not_fill_is_refused_naming_it()
    {
        var options = new DbContextOptionsBuilder<ContextWithAnExtraAuditColumn>().UseSqlite("Data Source=:memory:").Options;
        using var db = new ContextWithAnExtraAuditColumn(options);

        var error = Assert.Throws<InvalidOperationException>(() => AuditTable.Of(db));
        Assert.Contains("region", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(AuditColumns), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_platform_model_maps_every_batch_column_in_order()
    {
        var options = new DbContextOptionsBuilder<SqlitePlatformDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new SqlitePlatformDbContext(options);

        var table = AuditTable.Of(db);
        Assert.Equal("\"tool_call_audit\"", table.Name);
        Assert.Equal(AuditColumns.All, table.Columns.Select(c => c.Value));
        Assert.Equal("\"tenant_id\"", table.Columns[0].Name);
    }

    /// <summary>The platform's model plus one audit column, as a migration might add it before the writers know it.</summary>
    private sealed class ContextWithAnExtraAuditColumn(DbContextOptions<ContextWithAnExtraAuditColumn> options) : PlatformDbContext(options)
    {
        public override bool IsPostgres => false;

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            base.OnModelCreating(modelBuilder);
            modelBuilder.Entity<ToolCallAuditRecord>().Property<string>("Region").HasColumnName("region");
        }
    }
}
