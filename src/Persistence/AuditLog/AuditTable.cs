using McpPlatform.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace McpPlatform.Persistence.AuditLog;

/// <summary>One column to write: its value, its delimited name and its store type without facets (e.g. <c>character varying</c>).</summary>
internal sealed record AuditTableColumn(AuditColumn Value, string Name, string StoreType);

/// <summary>
/// tool_call_audit as the EF model maps it, for the batch writers: the table's and the columns' names (delimited, so
/// SQL needs no further quoting) and store types, in <see cref="AuditColumns.All"/> order. Read from the model so SQL
/// cannot drift from the migrations.
/// </summary>
internal sealed class AuditTable
{
    private AuditTable(string name, IReadOnlyList<AuditTableColumn> columns)
    {
        Name = name;
        Columns = columns;
        ColumnList = string.Join(", ", columns.Select(c => c.Name));
    }

    /// <summary>The table, schema-qualified where the provider has schemas.</summary>
    public string Name { get; }

    public IReadOnlyList<AuditTableColumn> Columns { get; }

    /// <summary>The column names, comma-separated, for <c>INSERT</c> and <c>COPY</c>.</summary>
    public string ColumnList { get; }

    /// <summary>
    /// Maps <see cref="AuditColumns.All"/> onto the context's model. Throws when the model has a column the database
    /// does not generate and no <see cref="AuditColumn"/> fills (it would silently stay empty), or when a column is
    /// generated, unknown or converted (the writers send model values as they are).
    /// </summary>
    public static AuditTable Of(PlatformDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(ToolCallAuditRecord))
            ?? throw new InvalidOperationException($"The model has no {nameof(ToolCallAuditRecord)}.");
        var tableName = entity.GetTableName()!;
        var schema = entity.GetSchema();
        var table = StoreObjectIdentifier.Table(tableName, schema);
        var sql = db.GetService<ISqlGenerationHelper>();

        var unwritten = entity.GetProperties()
            .Where(p => p.ValueGenerated == ValueGenerated.Never && AuditColumns.All.All(c => c.Property != p.Name))
            .Select(p => p.GetColumnName(table))
            .ToList();
        if (unwritten.Count > 0)
        {
            throw new InvalidOperationException(
                $"Column(s) {string.Join(", ", unwritten)} of {tableName} are in the model but not in {nameof(AuditColumns)}: add them there.");
        }

        var columns = AuditColumns.All.Select(column => Map(column, entity, table, sql)).ToList();
        return new AuditTable(sql.DelimitIdentifier(tableName, schema), columns);
    }

    private static AuditTableColumn Map(AuditColumn column, IEntityType entity, StoreObjectIdentifier table, ISqlGenerationHelper sql)
    {
        var property = entity.FindProperty(column.Property)
            ?? throw new InvalidOperationException($"{nameof(AuditColumns)} writes {column.Property}, which the model does not have.");
        if (property.ValueGenerated != ValueGenerated.Never)
        {
            throw new InvalidOperationException($"{nameof(AuditColumns)} writes {column.Property}, which the database generates.");
        }

        var mapping = property.GetRelationalTypeMapping();
        // StartedAt's converter only marks times read back as UTC; one that changes the type would need its own write path.
        if (mapping.Converter is { } converter && converter.ProviderClrType != converter.ModelClrType)
        {
            throw new InvalidOperationException($"{column.Property} is converted to {converter.ProviderClrType.Name}; the audit batch writers send model values as they are.");
        }

        return new AuditTableColumn(column, sql.DelimitIdentifier(property.GetColumnName(table)!), mapping.StoreTypeNameBase);
    }
}
