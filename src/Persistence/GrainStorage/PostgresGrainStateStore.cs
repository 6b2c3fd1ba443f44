using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace McpPlatform.Persistence.GrainStorage;

/// <summary>
/// Positional parameters (<c>$1</c>…), so Npgsql sends the SQL as it is instead of rewriting named ones per call; each
/// typed with the column's store type from the model, so the payload's UTF-8 bytes go straight into jsonb.
/// </summary>
internal sealed class PostgresGrainStateStore(GrainStateTable table, string connectionString, int? commandTimeout)
    : GrainStateStore(table, new GrainStateStatements(table, Placeholder, static payload => payload), commandTimeout)
{
    // The same connection string as EF Core's connections, hence the same Npgsql pool.
    protected override DbConnection NewConnection() => new NpgsqlConnection(connectionString);


    protected override DbParameter Text(int index, GrainStateColumn column, string value) =>
        new NpgsqlParameter<string> { DataTypeName = column.StoreType, TypedValue = value };

    protected override DbParameter Payload(int index, GrainStateColumn column, byte[] utf8Json) =>
        new NpgsqlParameter<byte[]> { DataTypeName = column.StoreType, TypedValue = utf8Json };

    protected override DbParameter Time(int index, GrainStateColumn column, DateTime value) =>
        new NpgsqlParameter<DateTime> { DataTypeName = column.StoreType, TypedValue = value };

    private static string Placeholder(int index) => "$" + (index + 1).ToString(CultureInfo.InvariantCulture);
}
