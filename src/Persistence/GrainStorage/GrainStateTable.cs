using McpPlatform.Persistence.Model;

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
    /// not generate and the stores do not write (an insert would leave it empty), when a written column is generated or
    /// converted to another type (the stores send values as they are), or when the primary key is not (service, state
    /// name, grain).
    /// </summary>
    public static GrainStateTable Of(PlatformDbContext db)
    {
        var table = MappedTable.Of<GrainStateRecord>(db, Written, nameof(GrainStateTable) + " and its statements");
        if (!table.KeyProperties.SequenceEqual(Key))
        {
            throw new InvalidOperationException($"The grain storage expects {table.TableName}'s primary key to be ({string.Join(", ", Key)}).");
        }

        var columns = Written.Select(property => table.Column(property)).Select(c => new GrainStateColumn(c.Name, c.StoreType)).ToList();
        return new GrainStateTable(table.Name, columns);
    }
}
