using System.Text.Json;
using McpPlatform.Persistence.GrainStorage;
using McpPlatform.TestCommon;
using Npgsql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace McpPlatform.Persistence.Tests;

/// <summary>Grain storage behaviour, run against each provider by the derived classes.</summary>
public abstract class GrainStorageScenarios : IAsyncLifetime
{
    private const string StateName = "profile";
    private ServiceProvider? _provider;

    protected PlatformGrainStorage Storage { get; private set; } = null!;

    protected abstract Task<Dictionary<string, string?>> CreateSettingsAsync();

    public async Task InitializeAsync()
    {
        _provider = PlatformServices.Build(await CreateSettingsAsync());
        Storage = ActivatorUtilities.CreateInstance<PlatformGrainStorage>(_provider, "Default");
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    private static GrainId NewGrainId() => GrainId.Create("profile", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Reading_a_grain_that_was_never_written_reports_no_record()
    {
        var state = new TestGrainState<ProfileState>();
        await Storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
    }

    [Fact]
    public async Task Written_state_round_trips_with_a_new_etag_per_write()
    {
        var grainId = NewGrainId();
        var lastSeen = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var writer = new TestGrainState<ProfileState>
        {
            State = new ProfileState { Name = "Ada", Writes = 1, Tags = ["a", "b"], LastSeen = lastSeen },
        };
        await Storage.WriteStateAsync(StateName, grainId, writer);
        var firstETag = writer.ETag;
        writer.State.Writes = 2;
        await Storage.WriteStateAsync(StateName, grainId, writer);

        var reader = new TestGrainState<ProfileState>();
        await Storage.ReadStateAsync(StateName, grainId, reader);

        Assert.True(reader.RecordExists);
        Assert.NotNull(firstETag);
        Assert.NotEqual(firstETag, writer.ETag);
        Assert.Equal(writer.ETag, reader.ETag);
        Assert.Equal("Ada", reader.State.Name);
        Assert.Equal(2, reader.State.Writes);
        Assert.Equal(["a", "b"], reader.State.Tags);
        Assert.Equal(lastSeen, reader.State.LastSeen);
    }

    [Fact]
    public async Task Text_outside_ascii_round_trips_unchanged()
    {
        var grainId = NewGrainId();
        const string name = "Zoë «Ōsaka» 東京 😀 \"quoted\" \\ back\u0001slash";
        await Storage.WriteStateAsync(StateName, grainId, new TestGrainState<ProfileState> { State = new ProfileState { Name = name, Tags = ["ß", "€"] } });

        var reader = new TestGrainState<ProfileState>();
        await Storage.ReadStateAsync(StateName, grainId, reader);

        Assert.Equal(name, reader.State.Name);
        Assert.Equal(["ß", "€"], reader.State.Tags);
    }

    [Fact]
    public async Task A_written_state_is_the_row_the_ef_model_reads()
    {
        var grainId = NewGrainId();
        var before = DateTime.UtcNow;
        var state = new TestGrainState<ProfileState> { State = new ProfileState { Name = "Zoë", Writes = 3 } };
        await Storage.WriteStateAsync(StateName, grainId, state);

        await using var context = await _provider!.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
        var key = grainId.ToString();
        var row = await context.GrainStates.AsNoTracking().SingleAsync(r => r.StateName == StateName && r.GrainId == key);
        Assert.Equal(PlatformServices.ServiceId, row.ServiceId);
        Assert.Equal(state.ETag, row.ETag);
        Assert.InRange(row.UpdatedAt, before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
        using (var payload = JsonDocument.Parse(row.Payload))
        {
            Assert.Equal("Zoë", payload.RootElement.GetProperty("name").GetString());
            Assert.Equal(3, payload.RootElement.GetProperty("writes").GetInt32());
        }

        // Stored as JSON text (a jsonb object on PostgreSQL), not as the bytes it was sent as.
        var storedAs = context.IsPostgres
            ? await context.Database.SqlQueryRaw<string>("SELECT jsonb_typeof(payload) AS \"Value\" FROM mcp.grain_state WHERE grain_id = {0}", key).SingleAsync()
            : await context.Database.SqlQueryRaw<string>("SELECT typeof(payload) AS \"Value\" FROM grain_state WHERE grain_id = {0}", key).SingleAsync();
        Assert.Equal(context.IsPostgres ? "object" : "text", storedAs);
    }

    [Fact]
    public async Task A_cancelled_write_throws_and_changes_nothing()
    {
        var grainId = NewGrainId();
        var state = new TestGrainState<ProfileState> { State = new ProfileState { Name = "kept" } };
        await Storage.WriteStateAsync(StateName, grainId, state);
        var etag = state.ETag;

        state.State.Name = "never";
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Storage.WriteStateAsync(StateName, grainId, state, new CancellationToken(canceled: true)));

        Assert.Equal(etag, state.ETag);
        var check = new TestGrainState<ProfileState>();
        await Storage.ReadStateAsync(StateName, grainId, check);
        Assert.Equal("kept", check.State.Name);
        Assert.Equal(etag, check.ETag);
    }

    [Fact]
    public async Task Writing_with_a_stale_etag_throws_inconsistent_state()
    {
        var grainId = NewGrainId();
        var first = new TestGrainState<ProfileState> { State = new ProfileState { Name = "one" } };
        await Storage.WriteStateAsync(StateName, grainId, first);
        var second = new TestGrainState<ProfileState>();
        await Storage.ReadStateAsync(StateName, grainId, second);
        second.State.Name = "two";
        await Storage.WriteStateAsync(StateName, grainId, second);

        first.State.Name = "stale";
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, first));
        Assert.Equal(second.ETag, error.StoredEtag);

        var check = new TestGrainState<ProfileState>();
        await Storage.ReadStateAsync(StateName, grainId, check);
        Assert.Equal("two", check.State.Name);
    }

    [Fact]
    public async Task Creating_a_record_that_someone_else_already_created_throws_inconsistent_state()
    {
        var grainId = NewGrainId();
        await Storage.WriteStateAsync(StateName, grainId, new TestGrainState<ProfileState> { State = new ProfileState { Name = "winner" } });

        var late = new TestGrainState<ProfileState> { State = new ProfileState { Name = "loser" } };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, late));
    }

    [Fact]
    public async Task Clearing_deletes_the_record_and_a_new_write_starts_fresh()
    {
        var grainId = NewGrainId();
        var state = new TestGrainState<ProfileState> { State = new ProfileState { Name = "gone soon" } };
        await Storage.WriteStateAsync(StateName, grainId, state);
        var etagBeforeClear = state.ETag;

        await Storage.ClearStateAsync(StateName, grainId, state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);

        var afterClear = new TestGrainState<ProfileState>();
        await Storage.ReadStateAsync(StateName, grainId, afterClear);
        Assert.False(afterClear.RecordExists);

        state.State = new ProfileState { Name = "reborn" };
        await Storage.WriteStateAsync(StateName, grainId, state);
        Assert.NotEqual(etagBeforeClear, state.ETag);

        // An activation holding the pre-clear etag must not overwrite the re-created record.
        var stale = new TestGrainState<ProfileState> { ETag = etagBeforeClear, State = new ProfileState { Name = "zombie" } };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, stale));
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_throws_inconsistent_state()
    {
        var grainId = NewGrainId();
        var first = new TestGrainState<ProfileState>();
        await Storage.WriteStateAsync(StateName, grainId, first);
        var staleETag = first.ETag;
        await Storage.WriteStateAsync(StateName, grainId, first);

        var stale = new TestGrainState<ProfileState> { ETag = staleETag, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, stale));
    }

    [Fact]
    public async Task State_names_of_the_same_grain_are_stored_separately()
    {
        var grainId = NewGrainId();
        await Storage.WriteStateAsync("a", grainId, new TestGrainState<ProfileState> { State = new ProfileState { Name = "A" } });
        await Storage.WriteStateAsync("b", grainId, new TestGrainState<ProfileState> { State = new ProfileState { Name = "B" } });

        var a = new TestGrainState<ProfileState>();
        var b = new TestGrainState<ProfileState>();
        await Storage.ReadStateAsync("a", grainId, a);
        await Storage.ReadStateAsync("b", grainId, b);

        Assert.Equal("A", a.State.Name);
        Assert.Equal("B", b.State.Name);
    }

    [Fact]
    public async Task The_sweeper_deletes_only_states_of_its_name_not_written_since_the_cutoff()
    {
        var sweeper = ActivatorUtilities.CreateInstance<GrainStateSweeper>(_provider!);
        var expiring = NewGrainId();
        var kept = NewGrainId();
        await Storage.WriteStateAsync("expiring", expiring, new TestGrainState<ProfileState> { State = new ProfileState { Name = "old" } });
        await Storage.WriteStateAsync(StateName, kept, new TestGrainState<ProfileState> { State = new ProfileState { Name = "other state" } });

        Assert.Equal(0, await sweeper.DeleteNotWrittenSinceAsync("expiring", DateTime.UtcNow.AddMinutes(-1), CancellationToken.None));
        Assert.Equal(1, await sweeper.DeleteNotWrittenSinceAsync("expiring", DateTime.UtcNow.AddSeconds(1), CancellationToken.None));

        var gone = new TestGrainState<ProfileState>();
        await Storage.ReadStateAsync("expiring", expiring, gone);
        Assert.False(gone.RecordExists);
        var other = new TestGrainState<ProfileState>();
        await Storage.ReadStateAsync(StateName, kept, other);
        Assert.True(other.RecordExists);
    }
}

public sealed class SqliteGrainStorageScenarios : GrainStorageScenarios
{
    protected override Task<Dictionary<string, string?>> CreateSettingsAsync() =>
        Task.FromResult(PlatformServices.Sqlite(PlatformServices.NewTempDirectory()));
}

public sealed class PostgresGrainStorageScenarios : GrainStorageScenarios
{
    protected override Task<Dictionary<string, string?>> CreateSettingsAsync() => PlatformServices.FreshPostgresAsync("grain_storage");
}

public sealed class PostgresBrokenConnectionScenarios
{
    private const int PooledConnections = 6;

    [Fact]
    public async Task Reads_and_writes_succeed_when_every_pooled_connection_was_terminated_by_the_server()
    {
        var server = await PostgresServer.GetAsync();
        // Pooled, as deployed.
        var database = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync("broken_pool")) { Pooling = true };
        await using var provider = PlatformServices.Build(PlatformServices.Postgres(database.ConnectionString));
        var storage = ActivatorUtilities.CreateInstance<PlatformGrainStorage>(provider, "Default");
        var grains = Enumerable.Range(0, PooledConnections).Select(i => GrainId.Create("profile", $"broken-{i}")).ToArray();
        var states = grains.Select(_ => new TestGrainState<ProfileState> { State = new ProfileState { Name = "before" } }).ToArray();
        // Written at once, so the pool holds several idle connections afterwards.
        await Task.WhenAll(grains.Select((grain, i) => storage.WriteStateAsync("profile", grain, states[i])));

        // What a restart or a failover does to idle connections: the server ends each backend (57P01), and the pool
        // only learns of it when it next sends a command on one.
        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1", admin)
            {
                Parameters = { new() { Value = database.Database } },
            };
            Assert.True((long)(await terminate.ExecuteScalarAsync())! >= 1, "some pooled connections were open");
        }

        for (var i = 0; i < grains.Length; i++)
        {
            var read = new TestGrainState<ProfileState>();
            await storage.ReadStateAsync("profile", grains[i], read);
            Assert.Equal("before", read.State.Name);
            states[i].State.Name = "after";
            await storage.WriteStateAsync("profile", grains[i], states[i]);
        }

        for (var i = 0; i < grains.Length; i++)
        {
            var read = new TestGrainState<ProfileState>();
            await storage.ReadStateAsync("profile", grains[i], read);
            Assert.Equal("after", read.State.Name);
        }
    }
}

public sealed class SqliteConcurrencyScenarios
{
    [Fact]
    public async Task Many_grains_writing_at_once_to_the_sqlite_file_all_succeed()
    {
        await using var provider = PlatformServices.Build(PlatformServices.Sqlite(PlatformServices.NewTempDirectory()));
        var storage = ActivatorUtilities.CreateInstance<PlatformGrainStorage>(provider, "Default");
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("profile", $"g{i}")).ToList();

        await Task.WhenAll(grains.Select(g => Task.Run(async () =>
        {
            var state = new TestGrainState<ProfileState>();
            for (var i = 1; i <= 5; i++)
            {
                state.State.Writes = i;
                await storage.WriteStateAsync("profile", g, state);
            }
        })));

        foreach (var g in grains)
        {
            var state = new TestGrainState<ProfileState>();
            await storage.ReadStateAsync("profile", g, state);
            Assert.Equal(5, state.State.Writes);
        }
    }
}
