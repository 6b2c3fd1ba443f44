namespace McpPlatform.Persistence.GrainStorage;

/// <summary>
/// The grain storage's SQL over <see cref="GrainStateTable"/>, built once per provider. Parameters come in one order
/// (the key, then the written payload, etag and time, then the expected etag), numbered from 0 within each statement,
/// so positional placeholders stay contiguous.
/// </summary>
internal sealed class GrainStateStatements
{
    public const int ServiceIdParameter = 0;
    public const int StateNameParameter = 1;
    public const int GrainIdParameter = 2;
    public const int PayloadParameter = 3;
    public const int ETagParameter = 4;
    public const int UpdatedAtParameter = 5;
    public const int UpdateExpectedETagParameter = 6;
    public const int DeleteExpectedETagParameter = 3;

    /// <summary>The most parameters a statement takes (the update's).</summary>
    public const int MaxParameters = UpdateExpectedETagParameter + 1;

    /// <param name="parameter">How the provider writes the placeholder of the parameter at an index.</param>
    /// <param name="payloadValue">How the provider turns the payload placeholder into the column's value.</param>
    public GrainStateStatements(GrainStateTable table, Func<int, string> parameter, Func<string, string> payloadValue)
    {
        var key = $"{table.ServiceId.Name} = {parameter(ServiceIdParameter)} AND {table.StateName.Name} = {parameter(StateNameParameter)} " +
            $"AND {table.GrainId.Name} = {parameter(GrainIdParameter)}";
        var payload = payloadValue(parameter(PayloadParameter));

        Read = $"SELECT {table.Payload.Name}, {table.ETag.Name} FROM {table.Name} WHERE {key}";
        ReadETag = $"SELECT {table.ETag.Name} FROM {table.Name} WHERE {key}";
        Insert = $"INSERT INTO {table.Name} ({table.ServiceId.Name}, {table.StateName.Name}, {table.GrainId.Name}, " +
            $"{table.Payload.Name}, {table.ETag.Name}, {table.UpdatedAt.Name}) " +
            $"VALUES ({parameter(ServiceIdParameter)}, {parameter(StateNameParameter)}, {parameter(GrainIdParameter)}, " +
            $"{payload}, {parameter(ETagParameter)}, {parameter(UpdatedAtParameter)})";
        Update = $"UPDATE {table.Name} SET {table.Payload.Name} = {payload}, {table.ETag.Name} = {parameter(ETagParameter)}, " +
            $"{table.UpdatedAt.Name} = {parameter(UpdatedAtParameter)} " +
            $"WHERE {key} AND {table.ETag.Name} = {parameter(UpdateExpectedETagParameter)}";
        Delete = $"DELETE FROM {table.Name} WHERE {key} AND {table.ETag.Name} = {parameter(DeleteExpectedETagParameter)}";
    }

    /// <summary>Payload and etag of one state; no row when it was never written (or was cleared).</summary>
    public string Read { get; }

    /// <summary>Only the etag: what a conflict reports as stored.</summary>
    public string ReadETag { get; }

    /// <summary>A new row; the primary key rejects it when someone else created the state first.</summary>
    public string Insert { get; }

    /// <summary>Replaces payload, etag and time only where the etag is still the expected one.</summary>
    public string Update { get; }

    /// <summary>Deletes only where the etag is still the expected one.</summary>
    public string Delete { get; }
}
