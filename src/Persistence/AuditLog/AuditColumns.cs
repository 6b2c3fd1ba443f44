using McpPlatform.Persistence.Model;
using Npgsql;

namespace McpPlatform.Persistence.AuditLog;

/// <summary>
/// Which record value goes into which column when a batch is written without EF Core's change tracker. The only list
/// of them: names and store types come from the EF model (<see cref="AuditTable"/>), which also refuses a model column
/// missing here.
/// </summary>
internal static class AuditColumns
{
    /// <summary>Every column the batch writers fill, in the order they write them. Not the id: the database assigns it.</summary>
    public static readonly IReadOnlyList<AuditColumn> All =
    [
        Text(nameof(ToolCallAuditRecord.TenantId), r => r.TenantId),
        Value<DateTime>(nameof(ToolCallAuditRecord.StartedAt), r => r.StartedAt),
        Text(nameof(ToolCallAuditRecord.Tool), r => r.Tool),
        Text(nameof(ToolCallAuditRecord.ApiId), r => r.ApiId),
        Text(nameof(ToolCallAuditRecord.KeyId), r => r.KeyId),
        Text(nameof(ToolCallAuditRecord.SessionId), r => r.SessionId),
        Text(nameof(ToolCallAuditRecord.Subject), r => r.Subject),
        Text(nameof(ToolCallAuditRecord.ClientId), r => r.ClientId),
        Text(nameof(ToolCallAuditRecord.Scopes), r => r.Scopes),
        Text(nameof(ToolCallAuditRecord.RequestId), r => r.RequestId),
        Text(nameof(ToolCallAuditRecord.Outcome), r => r.Outcome),
        Value<int>(nameof(ToolCallAuditRecord.UpstreamStatus), r => r.UpstreamStatus),
        Value<double>(nameof(ToolCallAuditRecord.DurationMs), r => r.DurationMs),
        Value<double>(nameof(ToolCallAuditRecord.UpstreamDurationMs), r => r.UpstreamDurationMs),
        Value<bool>(nameof(ToolCallAuditRecord.IdempotentReplay), r => r.IdempotentReplay),
        Text(nameof(ToolCallAuditRecord.TraceId), r => r.TraceId),
    ];

    private static AuditColumn Text(string property, Func<ToolCallAuditRecord, string?> read) => new TextColumn(property, read);

    private static AuditColumn Value<T>(string property, Func<ToolCallAuditRecord, T?> read)
        where T : struct => new ValueColumn<T>(property, read);

    private sealed class TextColumn(string property, Func<ToolCallAuditRecord, string?> read) : AuditColumn(property)
    {
        public override object ParameterValue(ToolCallAuditRecord record) => read(record) ?? (object)DBNull.Value;

        public override Task CopyAsync(NpgsqlBinaryImporter import, ToolCallAuditRecord record, string dataTypeName, CancellationToken cancellationToken) =>
            read(record) is { } value ? import.WriteAsync(value, dataTypeName, cancellationToken) : import.WriteNullAsync(cancellationToken);
    }

    /// <summary>Nullable or not, read as <c>T?</c> so one class serves both; COPY gets the bare <typeparamref name="T"/>.</summary>
    private sealed class ValueColumn<T>(string property, Func<ToolCallAuditRecord, T?> read) : AuditColumn(property)
        where T : struct
    {
        public override object ParameterValue(ToolCallAuditRecord record) => read(record) is { } value ? value : DBNull.Value;

        public override Task CopyAsync(NpgsqlBinaryImporter import, ToolCallAuditRecord record, string dataTypeName, CancellationToken cancellationToken) =>
            read(record) is { } value ? import.WriteAsync(value, dataTypeName, cancellationToken) : import.WriteNullAsync(cancellationToken);
    }
}

/// <summary>One record value as the batch writers send it: boxed for an ADO.NET parameter, unboxed into a COPY row.</summary>
internal abstract class AuditColumn(string property)
{
    /// <summary>The <see cref="ToolCallAuditRecord"/> property it holds; its column name comes from the EF model.</summary>
    public string Property { get; } = property;

    /// <summary>The value, or <see cref="DBNull.Value"/> for null.</summary>
    public abstract object ParameterValue(ToolCallAuditRecord record);

    public abstract Task CopyAsync(NpgsqlBinaryImporter import, ToolCallAuditRecord record, string dataTypeName, CancellationToken cancellationToken);
}
