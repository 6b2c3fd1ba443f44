using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace McpPlatform.Persistence;

/// <summary>One column as hand-written SQL needs it: its delimited name and its store type without facets.</summary>
internal readonly record struct MappedColumn(string Name, string StoreType);

/// <summary>
/// An entity's table as the EF model maps it, for writers that send SQL of their own (the audit log's batches, grain
/// state): names come from the model, so the SQL cannot drift from the migrations, and a column the model has but the
/// writer does not fill, or one it cannot send as it is, is refused at once rather than silently left empty.
/// </summary>
internal sealed class MappedTable
{
    private readonly IEntityType entity;
    private readonly StoreObjectIdentifier table;
    private readonly ISqlGenerationHelper sql;
    private readonly string writer;

    private MappedTable(IEntityType entity, StoreObjectIdentifier table, ISqlGenerationHelper sql, string writer)
    {
        this.entity = entity;
        this.table = table;
        this.sql = sql;
        this.writer = writer;
        Name = sql.DelimitIdentifier(table.Name, table.Schema);
    }

    /// <summary>The table, delimited and schema-qualified where the provider has schemas.</summary>
    public string Name { get; }

    public string TableName => table.Name;

    /// <param name="written">The properties the writer fills.</param>
    /// <param name="writer">Names the writer in errors, saying where a new column must be added.</param>
    public static MappedTable Of<TRecord>(PlatformDbContext db, IEnumerable<string> written, string writer)
    {
        var entity = db.Model.FindEntityType(typeof(TRecord))
            ?? throw new InvalidOperationException($"The model has no {typeof(TRecord).Name}.");
        var mapped = new MappedTable(entity, StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()), db.GetService<ISqlGenerationHelper>(), writer);
        var writtenNames = written.ToHashSet(StringComparer.Ordinal);
        var unwritten = entity.GetProperties()
            .Where(p => p.ValueGenerated == ValueGenerated.Never && !writtenNames.Contains(p.Name))
            .Select(p => p.GetColumnName(mapped.table))
            .ToList();
        return unwritten.Count == 0
            ? mapped
            : throw new InvalidOperationException(
                $"Column(s) {string.Join(", ", unwritten)} of {mapped.TableName} are in the model but not written by {writer}: add them there.");
    }

    /// <summary>The primary key's properties, in order.</summary>
    public IEnumerable<string> KeyProperties => entity.FindPrimaryKey()?.Properties.Select(p => p.Name) ?? [];

    /// <summary>The column of a property the writer fills; refused when the database generates it or a converter changes its type.</summary>
    public MappedColumn Column(string propertyName)
    {
        var property = entity.FindProperty(propertyName)
            ?? throw new InvalidOperationException($"{writer} writes {propertyName}, which the model does not have.");
        if (property.ValueGenerated != ValueGenerated.Never)
        {
            throw new InvalidOperationException($"{writer} writes {propertyName}, which the database generates.");
        }

        var mapping = property.GetRelationalTypeMapping();
        // A converter that keeps the type (marking times read back as UTC, say) changes nothing on the way in.
        if (mapping.Converter is { } converter && converter.ProviderClrType != converter.ModelClrType)
        {
            throw new InvalidOperationException($"{propertyName} is converted to {converter.ProviderClrType.Name}; {writer} sends model values as they are.");
        }

        return new MappedColumn(sql.DelimitIdentifier(property.GetColumnName(table)!), mapping.StoreTypeNameBase);
    }
}
