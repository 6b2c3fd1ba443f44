using Microsoft.EntityFrameworkCore;

namespace McpPlatform.Persistence;

/// <summary>Exposes a provider-specific pooled factory as <c>IDbContextFactory&lt;PlatformDbContext&gt;</c>.</summary>
internal sealed class PlatformDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PlatformDbContext>
    where TContext : PlatformDbContext
{
    public PlatformDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<PlatformDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
