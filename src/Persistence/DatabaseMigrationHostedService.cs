using Microsoft.Extensions.Hosting;

namespace McpPlatform.Persistence;

/// <summary>
/// Migrates during host start-up. Registered by <c>AddPlatformDatabase</c>; because hosted services start in
/// registration order, calling that before <c>UseOrleans</c> finishes migrations before the silo/client starts.
/// </summary>
internal sealed class DatabaseMigrationHostedService(PlatformDatabaseMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.EnsureMigratedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
