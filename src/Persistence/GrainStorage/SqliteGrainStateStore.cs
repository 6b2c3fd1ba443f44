using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace McpPlatform.Persistence.GrainStorage;

/// <summary>
/// Named parameters (<c>@p0</c>…), bound by name. The payload's UTF-8 bytes are bound as a blob and cast to the
/// column's text type in SQL, which takes the bytes as they are: no .NET string on the way in.
/// </summary>
internal sealed class SqliteGrainStateStore(GrainStateTable table, string connectionString, int? commandTimeout)
    : GrainStateStore(table, new GrainStateStatements(table, Placeholder, payload => $"CAST({payload} AS {table.Payload.StoreType})"), commandTimeout)
{
    private static readonly string[] Names = [.. Enumerable.Range(0, GrainStateStatements.MaxParameters).Select(Placeholder)];

    // The same connection string as EF Core's connections, hence the same pool of open SQLite handles.
    protected override DbConnection NewConnection() => new SqliteConnection(connectionString);


    protected override DbParameter Text(int index, GrainStateColumn column, string value) =>
        new SqliteParameter(Names[index], SqliteType.Text) { Value = value };

    protected override DbParameter Payload(int index, GrainStateColumn column, byte[] utf8Json) =>
        new SqliteParameter(Names[index], SqliteType.Blob) { Value = utf8Json };

    // Microsoft.Data.Sqlite writes a DateTime as EF Core does ("yyyy-MM-dd HH:mm:ss.FFFFFFF"), so the sweeper's comparisons hold.
    protected override DbParameter Time(int index, GrainStateColumn column, DateTime value) =>
        new SqliteParameter(Names[index], SqliteType.Text) { Value = value };

    private static string Placeholder(int index) => "@p" + index.ToString(CultureInfo.InvariantCulture);
}
