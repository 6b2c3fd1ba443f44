using McpPlatform.Persistence.Model;

namespace McpPlatform.Persistence.AuditLog;

/// <summary>One column to write: its value, its delimited name and its store type without facets (e.g. <c>character varying</c>).</summary>
internal sealed record AuditTableColumn(AuditColumn Value, string Name, string StoreType)
{
    public static AuditTableColumn Of(AuditColumn value, MappedColumn column) => new(value, column.Name, column.StoreType);
}

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
    /// generated, unknown or converted to another type (the writers send model values as they are).
    /// </summary>
    public static AuditTable Of(PlatformDbContext db)
    {
        var table = MappedTable.Of<ToolCallAuditRecord>(db, AuditColumns.All.Select(c => c.Property), nameof(AuditColumns));
        var columns = AuditColumns.All.Select(column => AuditTableColumn.Of(column, table.Column(column.Property))).ToList();
        return new AuditTable(table.Name, columns);
    }
}
