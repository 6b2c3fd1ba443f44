using McpPlatform.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace McpPlatform.Persistence.GrainStorage;

/// <summary>One column of grain_state: its delimited name and its store type without facets (e.g. <c>character varying</c>).</summary>
internal sealed record GrainStateColumn(string Name, string StoreType);

/// <summary>
/// grain_state as the EF model maps it, for the grain state stores: the table's and the columns' names (delimited, so
/// SQL needs no further quoting) and store types. Read from the model so the stores' SQL cannot drift from the
/// migrations.
/// </summary>
internal sealed class GrainStateTable
{
    /// <summary>The key the statements select by; the insert relies on it to reject a second creator.</summary>
    private static readonly string[] Key =
        [nameof(GrainStateRecord.ServiceId), nameof(GrainStateRecord.StateName), nameof(GrainStateRecord.GrainId)];

    private static readonly string[] Written =
        [.. Key, nameof(GrainStateRecord.Payload), nameof(GrainStateRecord.ETag), nameof(GrainStateRecord.UpdatedAt)];

    private GrainStateTable(string name, IReadOnlyList<GrainStateColumn> columns)
    {
        Name = name;
        ServiceId = columns[0];
        StateName = columns[1];
        GrainId = columns[2];
        Payload = columns[3];
        ETag = columns[4];
        UpdatedAt = columns[5];
    }

    /// <summary>The table, schema-qualified where the provider has schemas.</summary>
    public string Name { get; }

    public GrainStateColumn ServiceId { get; }

    public GrainStateColumn StateName { get; }

    public GrainStateColumn GrainId { get; }

    public GrainStateColumn Payload { get; }

    public GrainStateColumn ETag { get; }

    public GrainStateColumn UpdatedAt { get; }

    /// <summary>
    /// Maps <see cref="GrainStateRecord"/> onto the context's model. Throws when the model has a column the database does
    /// not generate and the stores do not write (an insert would leave it empty), when a written column is generated or converted (the stores send
    /// values as they are), or when the primary key is not (service, state name, grain).
    /// </summary>
    public static GrainStateTable Of(PlatformDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(GrainStateRecord))
            ?? throw new InvalidOperationException($"The model has no {nameof(GrainStateRecord)}.");
        var tableName = entity.GetTableName()!;
        var schema = entity.GetSchema();
        var table = StoreObjectIdentifier.Table(tableName, schema);
        var sql = db.GetService<ISqlGenerationHelper>();

        var unwritten = entity.GetProperties()
            .Where(p => p.ValueGenerated == ValueGenerated.Never && !Written.Contains(p.Name))
            .Select(p => p.GetColumnName(table))
            .ToList();
        if (unwritten.Count > 0)
        {
            throw new InvalidOperationException(
                $"Column(s) {string.Join(", ", unwritten)} of {tableName} are in the model but not written by the grain storage: add them to {nameof(GrainStateTable)} and its statements.");
        }

        var key = entity.FindPrimaryKey()?.Properties.Select(p => p.Name) ?? [];
        if (!key.SequenceEqual(Key))
        {
            throw new InvalidOperationException($"The grain storage expects {tableName}'s primary key to be ({string.Join(", ", Key)}).");
        }

        var columns = Written.Select(property => Map(property, entity, table, sql)).ToList();
        return new GrainStateTable(sql.DelimitIdentifier(tableName, schema), columns);
    }

    private static GrainStateColumn Map(string propertyName, IEntityType entity, StoreObjectIdentifier table, ISqlGenerationHelper sql)
    {
        var property = entity.FindProperty(propertyName)
            ?? throw new InvalidOperationException($"The grain storage writes {propertyName}, which the model does not have.");
        if (property.ValueGenerated != ValueGenerated.Never)
        {
            throw new InvalidOperationException($"The grain storage writes {propertyName}, which the database generates.");
        }

        var mapping = property.GetRelationalTypeMapping();
        if (mapping.Converter is not null)
        {
            throw new InvalidOperationException($"{propertyName} has a value converter; the grain storage sends model values as they are.");
        }

        return new GrainStateColumn(sql.DelimitIdentifier(property.GetColumnName(table)!), mapping.StoreTypeNameBase);
    }
}
