using Npgsql;

namespace McpPlatform.Persistence;

/// <summary>
/// Failures a second attempt may not meet. The usual one: after PostgreSQL restarts, every pooled connection is
/// broken, and each fails its first command (57P01) before the pool drops it.
/// </summary>
public static class TransientDatabaseErrors
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };
}
