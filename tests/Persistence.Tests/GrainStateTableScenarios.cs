using McpPlatform.Persistence.GrainStorage;
using McpPlatform.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace McpPlatform.Persistence.Tests;

/// <summary>The grain storage's SQL takes grain_state's names from the EF model, and refuses a model it would write incompletely.</summary>
public sealed class GrainStateTableScenarios
{
    [Fact]
    public void The_platform_models_map_every_grain_state_column_with_its_store_type()
    {
        using var sqlite = new SqlitePlatformDbContext(new DbContextOptionsBuilder<SqlitePlatformDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgresPlatformDbContext(new DbContextOptionsBuilder<PostgresPlatformDbContext>().UseNpgsql("Host=unused").Options);

        var onSqlite = GrainStateTable.Of(sqlite);
        var onPostgres = GrainStateTable.Of(postgres);

        // Each provider delimits as it must: SQLite always, Npgsql only names that need it.
        Assert.Equal("\"grain_state\"", onSqlite.Name);
        Assert.Equal("mcp.grain_state", onPostgres.Name);
        string[] columns = ["service_id", "state_name", "grain_id", "payload", "etag", "updated_at"];
        Assert.Equal(columns.Select(c => $"\"{c}\""), Columns(onSqlite).Select(c => c.Name));
        Assert.Equal(columns, Columns(onPostgres).Select(c => c.Name));
        Assert.Equal("jsonb", onPostgres.Payload.StoreType);
        Assert.Equal("character varying", onPostgres.GrainId.StoreType);
        Assert.Equal("timestamp with time zone", onPostgres.UpdatedAt.StoreType);
        Assert.Equal("TEXT", onSqlite.Payload.StoreType);
    }

    [Fact]
    public void A_renamed_column_is_renamed_in_every_statement()
    {
        var options = new DbContextOptionsBuilder<ContextWithARenamedETag>().UseSqlite("Data Source=:memory:").Options;
        using var db = new ContextWithARenamedETag(options);

        var table = GrainStateTable.Of(db);
        var statements = new GrainStateStatements(table, i => "@p" + i, p => p);

        Assert.Equal("\"version_tag\"", table.ETag.Name);
        foreach (var sql in new[] { statements.Read, statements.ReadETag, statements.Insert, statements.Update, statements.Delete })
        {
            Assert.Contains("\"version_tag\"", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("\"etag\"", sql, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_model_column_the_storage_does_not_write_is_refused_naming_it()
    {
        var options = new DbContextOptionsBuilder<ContextWithAnExtraColumn>().UseSqlite("Data Source=:memory:").Options;
        using var db = new ContextWithAnExtraColumn(options);

        var error = Assert.Throws<InvalidOperationException>(() => GrainStateTable.Of(db));
        Assert.Contains("owner", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(GrainStateTable), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Statements_number_their_positional_parameters_without_gaps()
    {
        using var postgres = new PostgresPlatformDbContext(new DbContextOptionsBuilder<PostgresPlatformDbContext>().UseNpgsql("Host=unused").Options);
        var statements = new GrainStateStatements(GrainStateTable.Of(postgres), i => "$" + (i + 1), p => p);

        Assert.Equal(3, Placeholders(statements.Read));
        Assert.Equal(3, Placeholders(statements.ReadETag));
        Assert.Equal(6, Placeholders(statements.Insert));
        Assert.Equal(GrainStateStatements.MaxParameters, Placeholders(statements.Update));
        Assert.Equal(4, Placeholders(statements.Delete));
    }

    private static GrainStateColumn[] Columns(GrainStateTable table) =>
        [table.ServiceId, table.StateName, table.GrainId, table.Payload, table.ETag, table.UpdatedAt];

    /// <summary>How many of $1, $2, … a statement uses, checking it uses each from $1 up without gaps.</summary>
    private static int Placeholders(string sql)
    {
        var count = 0;
        while (sql.Contains("$" + (count + 1), StringComparison.Ordinal))
        {
            count++;
        }

        Assert.DoesNotContain("$" + (count + 2), sql, StringComparison.Ordinal);
        return count;
    }

    /// <summary>The platform's model with the etag column renamed, as a migration might rename it.</summary>
    private sealed class ContextWithARenamedETag(DbContextOptions<ContextWithARenamedETag> options) : PlatformDbContext(options)
    {
        public override bool IsPostgres => false;

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            base.OnModelCreating(modelBuilder);
            modelBuilder.Entity<GrainStateRecord>().Property(e => e.ETag).HasColumnName("version_tag");
        }
    }

    /// <summary>The platform's model plus one grain_state column, as a migration might add it before the storage writes it.</summary>
    private sealed class ContextWithAnExtraColumn(DbContextOptions<ContextWithAnExtraColumn> options) : PlatformDbContext(options)
    {
        public override bool IsPostgres => false;

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            base.OnModelCreating(modelBuilder);
            modelBuilder.Entity<GrainStateRecord>().Property<string>("Owner").HasColumnName("owner");
        }
    }
}
