using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace McpPlatform.Persistence;

/// <summary>Recognises provider-specific constraint violations, thrown by commands or behind EF's generic exceptions.</summary>
internal static class DbErrors
{
    private const int SqliteConstraintError = 19; // SQLITE_CONSTRAINT

    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is DbException inner && IsUniqueViolation(inner);

    public static bool IsUniqueViolation(DbException exception) => exception switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraintError,
        _ => false,
    };
}
