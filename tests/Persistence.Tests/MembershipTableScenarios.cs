using System.Net;
using McpPlatform.Persistence.Clustering;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace McpPlatform.Persistence.Tests;

/// <summary>The Orleans IMembershipTable contract against a real PostgreSQL database.</summary>
public sealed class MembershipTableScenarios : IAsyncLifetime
{
    private const string ClusterId = "membership-tests";
    private ServiceProvider? _provider;
    private Dictionary<string, string?> _settings = null!;
    private PlatformMembershipTable _table = null!;
    private int _nextPort = 11000;

    public async Task InitializeAsync()
    {
        _settings = await PlatformServices.FreshPostgresAsync("membership");
        _provider = PlatformServices.Build(_settings, ClusterId);
        _table = ActivatorUtilities.CreateInstance<PlatformMembershipTable>(_provider);
        await _table.InitializeMembershipTableAsync(tryInitTableVersion: true, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    private MembershipEntry NewEntry(SiloStatus status = SiloStatus.Joining, DateTime? iAmAlive = null)
    {
        var now = DateTime.UtcNow;
        var port = _nextPort++;
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 42),
            SiloName = $"silo-{port}",
            HostName = "host-a",
            RoleName = "silo",
            Status = status,
            ProxyPort = port + 1000,
            UpdateZone = 1,
            FaultZone = 2,
            StartTime = now,
            IAmAliveTime = iAmAlive ?? now,
            SuspectTimes = [],
        };
    }

    private async Task<(MembershipEntry Entry, string ETag, TableVersion Version)> InsertAsync(MembershipEntry entry)
    {
        var before = await _table.ReadAllAsync(CancellationToken.None);
        Assert.True(await _table.InsertRowAsync(entry, before.Version.Next(), CancellationToken.None));
        var after = await _table.ReadAllAsync(CancellationToken.None);
        var row = after.TryGet(entry.SiloAddress);
        Assert.NotNull(row);
        return (row.Item1, row.Item2, after.Version);
    }

    [Fact]
    public async Task Initialize_is_idempotent_and_starts_at_version_zero()
    {
        await _table.InitializeMembershipTableAsync(true, CancellationToken.None);
        var data = await _table.ReadAllAsync(CancellationToken.None);

        Assert.Equal(0, data.Version.Version);
        Assert.Empty(data.Members);
    }

    [Fact]
    public async Task Insert_with_next_version_stores_the_row_and_bumps_the_version()
    {
        var entry = NewEntry();
        entry.AddOrUpdateSuspector(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 9999), 7), DateTime.UtcNow, 10);

        var (stored, etag, version) = await InsertAsync(entry);

        Assert.Equal(1, version.Version);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(entry.SiloAddress, stored.SiloAddress);
        Assert.Equal(entry.SiloName, stored.SiloName);
        Assert.Equal(entry.HostName, stored.HostName);
        Assert.Equal(entry.RoleName, stored.RoleName);
        Assert.Equal(entry.Status, stored.Status);
        Assert.Equal(entry.ProxyPort, stored.ProxyPort);
        Assert.Equal(entry.UpdateZone, stored.UpdateZone);
        Assert.Equal(entry.FaultZone, stored.FaultZone);
        Assert.Equal(entry.StartTime, stored.StartTime, TimeSpan.FromMilliseconds(1));
        Assert.Equal(entry.IAmAliveTime, stored.IAmAliveTime, TimeSpan.FromMilliseconds(1));
        var suspicion = Assert.Single(stored.SuspectTimes!);
        Assert.Equal(entry.SuspectTimes![0].Item1, suspicion.Item1);
    }

    [Fact]
    public async Task Insert_with_a_stale_table_version_is_rejected()
    {
        var start = await _table.ReadAllAsync(CancellationToken.None);
        Assert.True(await _table.InsertRowAsync(NewEntry(), start.Version.Next(), CancellationToken.None));

        // Same (now stale) version again, for another silo: someone else changed the table in between.
        Assert.False(await _table.InsertRowAsync(NewEntry(), start.Version.Next(), CancellationToken.None));
        // A version that skips ahead is wrong too.
        Assert.False(await _table.InsertRowAsync(NewEntry(), start.Version.Next().Next().Next(), CancellationToken.None));

        var data = await _table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, data.Version.Version);
        Assert.Single(data.Members);
    }

    [Fact]
    public async Task Inserting_an_existing_silo_is_rejected_and_leaves_the_version_unchanged()
    {
        var entry = NewEntry();
        var (_, _, version) = await InsertAsync(entry);

        Assert.False(await _table.InsertRowAsync(entry, version.Next(), CancellationToken.None));

        var data = await _table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(version, data.Version);
    }

    [Fact]
    public async Task Concurrent_inserts_with_the_same_version_let_exactly_one_win()
    {
        var start = await _table.ReadAllAsync(CancellationToken.None);
        var entries = Enumerable.Range(0, 6).Select(_ => NewEntry()).ToList();

        var results = await Task.WhenAll(entries.Select(e => Task.Run(() => _table.InsertRowAsync(e, start.Version.Next(), CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r));
        var data = await _table.ReadAllAsync(CancellationToken.None);
        Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task Update_with_current_etag_and_version_succeeds_and_changes_the_etag()
    {
        var (entry, etag, version) = await InsertAsync(NewEntry());
        entry.Status = SiloStatus.Active;

        Assert.True(await _table.UpdateRowAsync(entry, etag, version.Next(), CancellationToken.None));

        var data = await _table.ReadRowAsync(entry.SiloAddress, CancellationToken.None);
        var row = Assert.Single(data.Members);
        Assert.Equal(SiloStatus.Active, row.Item1.Status);
        Assert.NotEqual(etag, row.Item2);
        Assert.Equal(version.Version + 1, data.Version.Version);
    }

    [Fact]
    public async Task Update_with_a_stale_etag_is_rejected_and_leaves_the_version_unchanged()
    {
        var (entry, staleETag, version) = await InsertAsync(NewEntry());
        entry.Status = SiloStatus.Active;
        Assert.True(await _table.UpdateRowAsync(entry, staleETag, version.Next(), CancellationToken.None));
        var current = await _table.ReadAllAsync(CancellationToken.None);

        entry.Status = SiloStatus.Dead;
        Assert.False(await _table.UpdateRowAsync(entry, staleETag, current.Version.Next(), CancellationToken.None));

        var after = await _table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(current.Version, after.Version);
        Assert.Equal(SiloStatus.Active, after.TryGet(entry.SiloAddress)!.Item1.Status);
    }

    [Fact]
    public async Task Update_with_current_etag_but_stale_table_version_is_rejected()
    {
        var (entry, etag, version) = await InsertAsync(NewEntry());
        await InsertAsync(NewEntry()); // moves the table version on

        entry.Status = SiloStatus.Active;
        Assert.False(await _table.UpdateRowAsync(entry, etag, version.Next(), CancellationToken.None));

        var row = (await _table.ReadRowAsync(entry.SiloAddress, CancellationToken.None)).Members.Single();
        Assert.Equal(SiloStatus.Joining, row.Item1.Status);
        Assert.Equal(etag, row.Item2);
    }

    [Fact]
    public async Task IAmAlive_updates_the_heartbeat_without_touching_version_or_etag()
    {
        var (entry, etag, version) = await InsertAsync(NewEntry(iAmAlive: DateTime.UtcNow.AddMinutes(-5)));
        var heartbeat = DateTime.UtcNow;
        entry.IAmAliveTime = heartbeat;

        await _table.UpdateIAmAliveAsync(entry, CancellationToken.None);

        var data = await _table.ReadAllAsync(CancellationToken.None);
        var row = data.TryGet(entry.SiloAddress)!;
        Assert.Equal(heartbeat, row.Item1.IAmAliveTime, TimeSpan.FromMilliseconds(1));
        Assert.Equal(etag, row.Item2);
        Assert.Equal(version, data.Version);
    }

    [Fact]
    public async Task ReadAll_returns_every_row_of_the_cluster_and_ReadRow_only_the_one_asked_for()
    {
        var a = await InsertAsync(NewEntry());
        var b = await InsertAsync(NewEntry());
        var c = await InsertAsync(NewEntry());

        var all = await _table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(3, all.Members.Count);
        Assert.Equal(3, all.Version.Version);

        var one = await _table.ReadRowAsync(b.Entry.SiloAddress, CancellationToken.None);
        var row = Assert.Single(one.Members);
        Assert.Equal(b.Entry.SiloAddress, row.Item1.SiloAddress);
        Assert.Equal(b.ETag, row.Item2);
        Assert.Equal(all.Version, one.Version);
        Assert.NotNull(all.TryGet(a.Entry.SiloAddress));
        Assert.NotNull(all.TryGet(c.Entry.SiloAddress));
    }

    [Fact]
    public async Task Cleanup_removes_only_old_rows_of_silos_that_are_not_active()
    {
        var old = DateTime.UtcNow.AddHours(-2);
        var deadOld = await InsertAsync(NewEntry(SiloStatus.Dead, old));
        var activeOld = await InsertAsync(NewEntry(SiloStatus.Active, old));
        var deadRecent = await InsertAsync(NewEntry(SiloStatus.Dead, DateTime.UtcNow));

        await _table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);

        var data = await _table.ReadAllAsync(CancellationToken.None);
        Assert.Null(data.TryGet(deadOld.Entry.SiloAddress));
        Assert.NotNull(data.TryGet(activeOld.Entry.SiloAddress));
        Assert.NotNull(data.TryGet(deadRecent.Entry.SiloAddress));
    }

    [Fact]
    public async Task Deleting_a_cluster_removes_its_rows_but_not_other_clusters()
    {
        await InsertAsync(NewEntry());
        await using var otherProvider = PlatformServices.Build(_settings, "other-cluster");
        var other = ActivatorUtilities.CreateInstance<PlatformMembershipTable>(otherProvider);
        await other.InitializeMembershipTableAsync(true, CancellationToken.None);
        var otherStart = await other.ReadAllAsync(CancellationToken.None);
        Assert.Empty(otherStart.Members);
        Assert.True(await other.InsertRowAsync(NewEntry(), otherStart.Version.Next(), CancellationToken.None));

        await _table.DeleteMembershipTableEntriesAsync(ClusterId, CancellationToken.None);

        var mine = await _table.ReadAllAsync(CancellationToken.None);
        Assert.Empty(mine.Members);
        Assert.Single((await other.ReadAllAsync(CancellationToken.None)).Members);
    }

    [Fact]
    public async Task Gateway_list_contains_active_silos_with_their_proxy_port()
    {
        var joining = await InsertAsync(NewEntry(SiloStatus.Joining));
        var active = await InsertAsync(NewEntry(SiloStatus.Active));
        var gateways = ActivatorUtilities.CreateInstance<PlatformGatewayListProvider>(_provider!);
        await gateways.InitializeGatewayListProviderAsync(CancellationToken.None);

        var uris = await gateways.GetGatewaysAsync(CancellationToken.None);

        var uri = Assert.Single(uris);
        Assert.Equal(active.Entry.ProxyPort, uri.Port);
        Assert.NotEqual(joining.Entry.ProxyPort, uri.Port);
    }
}
