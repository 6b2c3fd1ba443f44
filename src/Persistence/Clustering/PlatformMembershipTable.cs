using System.Data;
using McpPlatform.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace McpPlatform.Persistence.Clustering;

/// <summary>
/// Orleans membership table on <see cref="PlatformDbContext"/>.
/// <para>
/// Contract: every InsertRow/UpdateRow carries the table version the silo read plus one; the write succeeds only if the
/// stored version is exactly one less, and the version bump and the row change commit in one transaction.
/// UpdateRow additionally requires the row's etag to match. IAmAlive only touches the heartbeat column
/// (no version bump, no etag change). ReadAll/ReadRow read the version and rows from one snapshot.
/// </para>
/// </summary>
public sealed class PlatformMembershipTable(
    IDbContextFactory<PlatformDbContext> contextFactory,
    PlatformDatabaseMigrator migrator,
    IOptions<ClusterOptions> clusterOptions,
    ILogger<PlatformMembershipTable> logger) : IMembershipTable
{
    private readonly string _clusterId = clusterOptions.Value.ClusterId;

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        await migrator.EnsureMigratedAsync(cancellationToken);
        if (!tryInitTableVersion)
        {
            return;
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await context.MembershipVersions.AnyAsync(v => v.ClusterId == _clusterId, cancellationToken))
        {
            return;
        }

        context.MembershipVersions.Add(new MembershipVersionRecord { ClusterId = _clusterId, Version = 0, UpdatedAt = DateTime.UtcNow });
        try
        {
            await context.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Created membership version row for cluster {ClusterId}.", _clusterId);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Another silo created it first: exactly what we wanted.
        }
    }

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        await migrator.EnsureMigratedAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        await context.MembershipSilos.Where(s => s.ClusterId == clusterId).ExecuteDeleteAsync(cancellationToken);
        await context.MembershipVersions.Where(v => v.ClusterId == clusterId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        await migrator.EnsureMigratedAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var cutoff = beforeDate.UtcDateTime;
        var active = (int)SiloStatus.Active;
        // Only rows that are not Active and have not heartbeated since the cutoff; live silos are never removed.
        var removed = await context.MembershipSilos
            .Where(s => s.ClusterId == _clusterId && s.Status != active && s.IAmAliveTime < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} defunct silo entries of cluster {ClusterId}.", removed, _clusterId);
        }
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken)
    {
        var address = key.ToParsableString();
        return ReadAsync(address, cancellationToken);
    }

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) => ReadAsync(null, cancellationToken);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        await migrator.EnsureMigratedAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        if (!await TryBumpVersionAsync(context, tableVersion, cancellationToken))
        {
            return false;
        }

        context.MembershipSilos.Add(MembershipEntryMapper.ToRecord(_clusterId, entry, NewETag()));
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            logger.LogDebug("InsertRow for {Silo} rejected: row already exists.", entry.SiloAddress);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) =>
        UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        await migrator.EnsureMigratedAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        if (!await TryBumpVersionAsync(context, tableVersion, cancellationToken))
        {
            return false;
        }

        var address = entry.SiloAddress.ToParsableString();
        var record = MembershipEntryMapper.ToRecord(_clusterId, entry, NewETag());
        var updated = await context.MembershipSilos
            .Where(s => s.ClusterId == _clusterId && s.SiloAddress == address && s.ETag == etag)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.SiloName, record.SiloName)
                .SetProperty(s => s.HostName, record.HostName)
                .SetProperty(s => s.RoleName, record.RoleName)
                .SetProperty(s => s.Status, record.Status)
                .SetProperty(s => s.ProxyPort, record.ProxyPort)
                .SetProperty(s => s.UpdateZone, record.UpdateZone)
                .SetProperty(s => s.FaultZone, record.FaultZone)
                .SetProperty(s => s.SuspectTimes, record.SuspectTimes)
                .SetProperty(s => s.StartTime, record.StartTime)
                .SetProperty(s => s.IAmAliveTime, record.IAmAliveTime)
                .SetProperty(s => s.ETag, record.ETag), cancellationToken);
        if (updated == 0)
        {
            logger.LogDebug("UpdateRow for {Silo} rejected: etag {ETag} is stale or the row is missing.", entry.SiloAddress, etag);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        await migrator.EnsureMigratedAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var address = entry.SiloAddress.ToParsableString();
        var aliveAt = MembershipEntryMapper.ToUtc(entry.IAmAliveTime);
        var updated = await context.MembershipSilos
            .Where(s => s.ClusterId == _clusterId && s.SiloAddress == address)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.IAmAliveTime, aliveAt), cancellationToken);
        if (updated == 0)
        {
            throw new InvalidOperationException($"UpdateIAmAlive: silo {entry.SiloAddress} has no row in cluster '{_clusterId}'.");
        }
    }

    /// <summary>
    /// Moves the stored version from <c>tableVersion.Version - 1</c> to <c>tableVersion.Version</c>. The UPDATE row-locks
    /// the version row until commit, so concurrent writers serialize and all but one see a mismatch.
    /// </summary>
    private async Task<bool> TryBumpVersionAsync(PlatformDbContext context, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        var expected = tableVersion.Version - 1;
        if (tableVersion.VersionEtag != FormatVersionETag(expected))
        {
            return false;
        }

        var next = tableVersion.Version;
        var now = DateTime.UtcNow;
        var bumped = await context.MembershipVersions
            .Where(v => v.ClusterId == _clusterId && v.Version == expected)
            .ExecuteUpdateAsync(u => u.SetProperty(v => v.Version, next).SetProperty(v => v.UpdatedAt, now), cancellationToken);
        if (bumped == 0)
        {
            logger.LogDebug("Membership write rejected: table version {Version} is stale for cluster {ClusterId}.", tableVersion, _clusterId);
        }

        return bumped == 1;
    }

    private async Task<MembershipTableData> ReadAsync(string? siloAddress, CancellationToken cancellationToken)
    {
        await migrator.EnsureMigratedAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        // One snapshot for the version and the rows, so the version always describes the rows returned.
        await using var transaction = await BeginSnapshotAsync(context, cancellationToken);

        var version = await context.MembershipVersions.AsNoTracking()
            .Where(v => v.ClusterId == _clusterId)
            .Select(v => (int?)v.Version)
            .SingleOrDefaultAsync(cancellationToken) ?? 0;

        var query = context.MembershipSilos.AsNoTracking().Where(s => s.ClusterId == _clusterId);
        if (siloAddress is not null)
        {
            query = query.Where(s => s.SiloAddress == siloAddress);
        }

        var rows = await query.ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var members = rows.Select(r => Tuple.Create(MembershipEntryMapper.ToEntry(r), r.ETag)).ToList();
        return new MembershipTableData(members, new TableVersion(version, FormatVersionETag(version)));
    }

    private static Task<IDbContextTransaction> BeginSnapshotAsync(PlatformDbContext context, CancellationToken cancellationToken) =>
        context.IsPostgres
            ? context.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken)
            : context.Database.BeginTransactionAsync(cancellationToken); // SQLite transactions are serializable.

    /// <summary>The version number doubles as its etag: it changes on every successful write.</summary>
    private static string FormatVersionETag(int version) => version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string NewETag() => Guid.NewGuid().ToString("N");
}
