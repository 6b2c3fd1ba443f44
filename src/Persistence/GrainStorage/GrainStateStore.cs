using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace McpPlatform.Persistence.GrainStorage;

/// <summary>Which state: Orleans' service id, the state name and the grain.</summary>
internal readonly record struct GrainStateKey(string ServiceId, string StateName, string GrainId);

/// <summary>What a write stores: the JSON payload as UTF-8, the new etag and the time.</summary>
internal readonly record struct GrainStateWrite(byte[] Payload, string ETag, DateTime UpdatedAt);

/// <summary>A stored state as read: the JSON payload as UTF-8 and its etag.</summary>
internal sealed record StoredGrainState(byte[] Payload, string ETag);

/// <summary>
/// grain_state's reads and writes as plain parameterised commands: EF Core's per-call work (a context, LINQ parameter
/// extraction, change tracking) was most of the silo's CPU for a keyed tool call, which reads, inserts and updates a
/// state. Each call takes a pooled connection made from the context's connection string, so it shares EF Core's pool.
/// One per provider, chosen by the context; the payload travels as UTF-8 both ways, never as a .NET string.
/// </summary>
internal abstract class GrainStateStore(GrainStateTable table, GrainStateStatements statements, int? commandTimeout)
{
    public static GrainStateStore For(PlatformDbContext db)
    {
        var table = GrainStateTable.Of(db);
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The grain storage needs the database's connection string.");
        var timeout = db.Database.GetCommandTimeout();
        return db.IsPostgres
            ? new PostgresGrainStateStore(table, connectionString, timeout)
            : new SqliteGrainStateStore(table, connectionString, timeout);
    }

    /// <returns>The stored state, or null when there is none.</returns>
    public Task<StoredGrainState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken) =>
        OnceMoreIfBrokenAsync(() => ReadOnceAsync(key, cancellationToken));

    /// <returns>The stored etag, or null when there is no state.</returns>
    public Task<string?> ReadETagAsync(GrainStateKey key, CancellationToken cancellationToken) =>
        OnceMoreIfBrokenAsync(() => ReadETagOnceAsync(key, cancellationToken));

    /// <summary>Creates the state; throws the provider's unique violation (see <see cref="DbErrors"/>) when it exists.</summary>
    /// <remarks>
    /// Sent again after a broken connection: should the first attempt have been written after all, the second meets
    /// the unique violation, and the caller's etag check tells its own write from another's.
    /// </remarks>
    public Task InsertAsync(GrainStateKey key, GrainStateWrite write, CancellationToken cancellationToken) =>
        OnceMoreIfBrokenAsync(async () =>
        {
            await InsertOnceAsync(key, write, cancellationToken);
            return true;
        });

    /// <returns>False when the state is gone or its etag is no longer <paramref name="expectedETag"/>.</returns>
    public Task<bool> UpdateAsync(GrainStateKey key, GrainStateWrite write, string expectedETag, CancellationToken cancellationToken) =>
        OnceMoreIfBrokenAsync(() => UpdateOnceAsync(key, write, expectedETag, cancellationToken));

    /// <returns>False when the state is gone or its etag is no longer <paramref name="expectedETag"/>.</returns>
    public Task<bool> DeleteAsync(GrainStateKey key, string expectedETag, CancellationToken cancellationToken) =>
        OnceMoreIfBrokenAsync(() => DeleteOnceAsync(key, expectedETag, cancellationToken));

    private async Task<StoredGrainState?> ReadOnceAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, statements.Read);
        AddKey(command, key);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredGrainState(reader.GetFieldValue<byte[]>(0), reader.GetString(1))
            : null;
    }

    private async Task<string?> ReadETagOnceAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, statements.ReadETag);
        AddKey(command, key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task InsertOnceAsync(GrainStateKey key, GrainStateWrite write, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, statements.Insert);
        AddKey(command, key);
        AddWrite(command, write);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<bool> UpdateOnceAsync(GrainStateKey key, GrainStateWrite write, string expectedETag, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, statements.Update);
        AddKey(command, key);
        AddWrite(command, write);
        command.Parameters.Add(Text(GrainStateStatements.UpdateExpectedETagParameter, table.ETag, expectedETag));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private async Task<bool> DeleteOnceAsync(GrainStateKey key, string expectedETag, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, statements.Delete);
        AddKey(command, key);
        command.Parameters.Add(Text(GrainStateStatements.DeleteExpectedETagParameter, table.ETag, expectedETag));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>A new connection (pooled by the provider), not yet open.</summary>
    protected abstract DbConnection NewConnection();

    /// <summary>A parameter for the placeholder at <paramref name="index"/>, typed as <paramref name="column"/>.</summary>
    protected abstract DbParameter Text(int index, GrainStateColumn column, string value);

    protected abstract DbParameter Payload(int index, GrainStateColumn column, byte[] utf8Json);

    protected abstract DbParameter Time(int index, GrainStateColumn column, DateTime value);

    /// <summary>
    /// A grain activated long after a PostgreSQL restart would otherwise fail on a broken pooled connection. Writes are
    /// conditional on the etag, so sending one twice cannot overwrite anyone's state.
    /// </summary>
    private Task<T> OnceMoreIfBrokenAsync<T>(Func<Task<T>> command) =>
        TransientDatabaseErrors.OnceMoreOnFreshConnectionAsync(command, () =>
        {
            using var connection = NewConnection();
            TransientDatabaseErrors.ClearPool(connection);
        });

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = NewConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        if (commandTimeout is { } seconds)
        {
            command.CommandTimeout = seconds;
        }

        return command;
    }

    private void AddKey(DbCommand command, GrainStateKey key)
    {
        command.Parameters.Add(Text(GrainStateStatements.ServiceIdParameter, table.ServiceId, key.ServiceId));
        command.Parameters.Add(Text(GrainStateStatements.StateNameParameter, table.StateName, key.StateName));
        command.Parameters.Add(Text(GrainStateStatements.GrainIdParameter, table.GrainId, key.GrainId));
    }

    private void AddWrite(DbCommand command, GrainStateWrite write)
    {
        command.Parameters.Add(Payload(GrainStateStatements.PayloadParameter, table.Payload, write.Payload));
        command.Parameters.Add(Text(GrainStateStatements.ETagParameter, table.ETag, write.ETag));
        command.Parameters.Add(Time(GrainStateStatements.UpdatedAtParameter, table.UpdatedAt, write.UpdatedAt));
    }
}
