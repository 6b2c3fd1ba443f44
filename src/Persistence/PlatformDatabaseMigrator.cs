using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace McpPlatform.Persistence;

/// <summary>
/// Applies pending EF migrations once per host. On PostgreSQL the work runs under a session advisory lock so
/// several silos/frontends starting together do not race on DDL. Success is memoized; a failure is not,
/// so a later caller retries (e.g. the database was still starting).
/// </summary>
public sealed class PlatformDatabaseMigrator(IDbContextFactory<PlatformDbContext> contextFactory, ILogger<PlatformDatabaseMigrator> logger)
{
    /// <summary>Advisory lock key shared by every process migrating this schema ("MCPMIGR" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x4D43504D494752;

    private const string SqliteWalPragma = "PRAGMA journal_mode=WAL;";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _migrated;

    /// <summary>True once migrations have been applied by this instance.</summary>
    public bool IsMigrated => _migrated;

    public async Task EnsureMigratedAsync(CancellationToken cancellationToken = default)
    {
        if (_migrated)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_migrated)
            {
                return;
            }

            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            if (context.IsPostgres)
            {
                await MigrateUnderAdvisoryLockAsync(context, cancellationToken);
            }
            else
            {
                await context.Database.MigrateAsync(cancellationToken);
                // WAL lets grain reads proceed while another grain writes; the mode is stored in the file, so once is enough.
                await context.Database.ExecuteSqlRawAsync(SqliteWalPragma, cancellationToken);
            }

            _migrated = true;
            logger.LogInformation("Database schema is up to date ({Provider}).", context.Database.ProviderName);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task MigrateUnderAdvisoryLockAsync(PlatformDbContext context, CancellationToken cancellationToken)
    {
        // Session-level lock: held on this open connection until unlocked or the connection closes (even on crash).
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
            try
            {
                await context.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }
}
