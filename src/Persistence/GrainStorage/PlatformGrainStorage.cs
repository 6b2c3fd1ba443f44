using System.Text.Json;
using McpPlatform.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;

namespace McpPlatform.Persistence.GrainStorage;

/// <summary>
/// Orleans grain storage on <see cref="PlatformDbContext"/>. State is System.Text.Json (web defaults) text
/// (jsonb on PostgreSQL); each write gets a new random etag and is conditional on the etag the grain last saw,
/// so a stale activation gets <see cref="InconsistentStateException"/>. Clearing deletes the row; random etags mean
/// a re-created row can never be mistaken for the deleted one.
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

    /// <summary>Provider name this instance was registered under.</summary>
    public string Name { get; } = name;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await migrator.EnsureMigratedAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var key = grainId.ToString();
        var row = await context.GrainStates.AsNoTracking()
            .Where(r => r.ServiceId == _serviceId && r.StateName == stateName && r.GrainId == key)
            .Select(r => new { r.Payload, r.ETag })
            .SingleOrDefaultAsync(cancellationToken);

        if (row is null)
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return;
        }

        var state = JsonSerializer.Deserialize<T>(row.Payload, SerializerOptions);
        if (state is not null)
        {
            grainState.State = state;
        }

        grainState.ETag = row.ETag;
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await migrator.EnsureMigratedAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var key = grainId.ToString();
        var payload = JsonSerializer.Serialize(grainState.State, SerializerOptions);
        var newETag = NewETag();
        var now = DateTime.UtcNow;

        if (grainState.ETag is null)
        {
            // The grain believes there is no row: insert, and let the primary key reject a concurrent creator.
            context.GrainStates.Add(new GrainStateRecord
            {
                ServiceId = _serviceId,
                StateName = stateName,
                GrainId = key,
                Payload = payload,
                ETag = newETag,
                UpdatedAt = now,
            });
            try
            {
                await context.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                throw await ConflictAsync(context, stateName, key, grainState.ETag, ex, cancellationToken);
            }
        }
        else
        {
            var expected = grainState.ETag;
            var updated = await context.GrainStates
                .Where(r => r.ServiceId == _serviceId && r.StateName == stateName && r.GrainId == key && r.ETag == expected)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Payload, payload)
                    .SetProperty(r => r.ETag, newETag)
                    .SetProperty(r => r.UpdatedAt, now), cancellationToken);
            if (updated == 0)
            {
                throw await ConflictAsync(context, stateName, key, expected, null, cancellationToken);
            }
        }

        grainState.ETag = newETag;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await migrator.EnsureMigratedAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var key = grainId.ToString();
        var expected = grainState.ETag;

        if (expected is null)
        {
            // Nothing to delete as far as the grain knows; a row written meanwhile by someone else is a conflict.
            var exists = await context.GrainStates.AnyAsync(
                r => r.ServiceId == _serviceId && r.StateName == stateName && r.GrainId == key, cancellationToken);
            if (exists)
            {
                throw await ConflictAsync(context, stateName, key, expected, null, cancellationToken);
            }
        }
        else
        {
            var deleted = await context.GrainStates
                .Where(r => r.ServiceId == _serviceId && r.StateName == stateName && r.GrainId == key && r.ETag == expected)
                .ExecuteDeleteAsync(cancellationToken);
            if (deleted == 0)
            {
                throw await ConflictAsync(context, stateName, key, expected, null, cancellationToken);
            }
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task<InconsistentStateException> ConflictAsync(
        PlatformDbContext context, string stateName, string grainId, string? expected, Exception? inner, CancellationToken cancellationToken)
    {
        var stored = await context.GrainStates.AsNoTracking()
            .Where(r => r.ServiceId == _serviceId && r.StateName == stateName && r.GrainId == grainId)
            .Select(r => r.ETag)
            .SingleOrDefaultAsync(cancellationToken);
        logger.LogWarning(
            "Grain storage {Provider}: etag conflict for {GrainId}/{StateName} (expected {Expected}, stored {Stored}).",
            Name, grainId, stateName, expected ?? "<none>", stored ?? "<none>");
        var message = $"Storage provider '{Name}': state '{stateName}' of grain {grainId} was changed by someone else.";
        return inner is null
            ? new InconsistentStateException(message, stored ?? string.Empty, expected ?? string.Empty)
            : new InconsistentStateException(message, stored ?? string.Empty, expected ?? string.Empty, inner);
    }

    private static string NewETag() => Guid.NewGuid().ToString("N");
}
