using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;

namespace McpPlatform.Persistence.GrainStorage;

/// <summary>
/// Orleans grain storage on the platform database's grain_state table. State is System.Text.Json (web defaults)
/// text (jsonb on PostgreSQL); each write gets a new random etag and is conditional on the etag the grain last saw,
/// so a stale activation gets <see cref="InconsistentStateException"/>. Clearing deletes the row; random etags mean
/// a re-created row can never be mistaken for the deleted one. Rows are read and written by a
/// <see cref="GrainStateStore"/> (plain commands; names from the EF model), made from the first context used.
/// </summary>
public sealed class PlatformGrainStorage(
    string name,
    IDbContextFactory<PlatformDbContext> contextFactory,
    PlatformDatabaseMigrator migrator,
    IOptions<ClusterOptions> clusterOptions,
    ILogger<PlatformGrainStorage> logger) : IGrainStorage
{
    internal static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    private readonly string _serviceId = clusterOptions.Value.ServiceId;

    /// <summary>Immutable once made; two calls racing to make it both get a working one.</summary>
    private GrainStateStore? _store;

    /// <summary>Provider name this instance was registered under.</summary>
    public string Name { get; } = name;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken);
        var stored = await store.ReadAsync(Key(stateName, grainId), cancellationToken);
        if (stored is null)
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return;
        }

        var state = JsonSerializer.Deserialize<T>(stored.Payload, SerializerOptions);
        if (state is not null)
        {
            grainState.State = state;
        }

        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken);
        var key = Key(stateName, grainId);
        var write = new GrainStateWrite(JsonSerializer.SerializeToUtf8Bytes(grainState.State, SerializerOptions), NewETag(), DateTime.UtcNow);

        if (grainState.ETag is null)
        {
            // The grain believes there is no row: insert, and let the primary key reject a concurrent creator.
            try
            {
                await store.InsertAsync(key, write, cancellationToken);
            }
            catch (DbException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                await ThrowUnlessWrittenAsync(store, key, write, null, ex, cancellationToken);
            }
        }
        else if (!await store.UpdateAsync(key, write, grainState.ETag, cancellationToken))
        {
            await ThrowUnlessWrittenAsync(store, key, write, grainState.ETag, null, cancellationToken);
        }

        grainState.ETag = write.ETag;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken);
        var key = Key(stateName, grainId);
        var expected = grainState.ETag;

        if (expected is null)
        {
            // Nothing to delete as far as the grain knows; a row written meanwhile by someone else is a conflict.
            if (await store.ReadETagAsync(key, cancellationToken) is { } stored)
            {
                throw Conflict(key, expected, stored, null);
            }
        }
        else if (!await store.DeleteAsync(key, expected, cancellationToken))
        {
            throw Conflict(key, expected, await store.ReadETagAsync(key, cancellationToken), null);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>
    /// A write found another etag than the grain's. Etags are random per write, so the row holding this write's own
    /// etag means the write landed (a command sent again after its connection broke); anything else is a conflict.
    /// </summary>
    private async Task ThrowUnlessWrittenAsync(GrainStateStore store, GrainStateKey key, GrainStateWrite write, string? expected, Exception? inner, CancellationToken cancellationToken)
    {
        var stored = await store.ReadETagAsync(key, cancellationToken);
        if (stored != write.ETag)
        {
            throw Conflict(key, expected, stored, inner);
        }
    }

    /// <summary>The store, once the schema is migrated; its names come from the first context's model.</summary>
    private async ValueTask<GrainStateStore> StoreAsync(CancellationToken cancellationToken)
    {
        await migrator.EnsureMigratedAsync(cancellationToken);
        if (_store is { } store)
        {
            return store;
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return _store = GrainStateStore.For(context);
    }

    private GrainStateKey Key(string stateName, GrainId grainId) => new(_serviceId, stateName, grainId.ToString());

    private InconsistentStateException Conflict(GrainStateKey key, string? expected, string? stored, Exception? inner)
    {
        logger.LogWarning(
            "Grain storage {Provider}: etag conflict for {GrainId}/{StateName} (expected {Expected}, stored {Stored}).",
            Name, key.GrainId, key.StateName, expected ?? "<none>", stored ?? "<none>");
        var message = $"Storage provider '{Name}': state '{key.StateName}' of grain {key.GrainId} was changed by someone else.";
        return inner is null
            ? new InconsistentStateException(message, stored ?? string.Empty, expected ?? string.Empty)
            : new InconsistentStateException(message, stored ?? string.Empty, expected ?? string.Empty, inner);
    }

    private static string NewETag() => Guid.NewGuid().ToString("N");
}
