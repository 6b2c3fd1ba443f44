using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace McpPlatform.Persistence;

/// <summary>
/// Failures a second attempt may not meet. The usual one: after PostgreSQL restarts, every idle pooled connection is
/// broken and fails its next command (57P01), however long after.
/// </summary>
public static class TransientDatabaseErrors
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    /// <summary>
    /// Runs a database command; when it fails in a transient way, empties the pool (its other idle connections are
    /// likely broken too) and runs it once more on a new connection. A second failure is real and goes to the caller.
    /// </summary>
    /// <param name="emptyPool">Empties the command's pool, e.g. with <see cref="ClearPool"/>.</param>
    public static async Task<T> OnceMoreOnFreshConnectionAsync<T>(Func<Task<T>> command, Action emptyPool)
    {
        try
        {
            return await command();
        }
        catch (Exception e) when (IsTransient(e))
        {
            emptyPool();
            return await command();
        }
    }

    /// <summary>Drops the idle connections of the pool <paramref name="connection"/> belongs to (its provider's, by its connection string).</summary>
    public static void ClearPool(DbConnection connection)
    {
        switch (connection)
        {
            case NpgsqlConnection npgsql:
                NpgsqlConnection.ClearPool(npgsql);
                break;
            case SqliteConnection sqlite:
                SqliteConnection.ClearPool(sqlite);
                break;
        }
    }
}
