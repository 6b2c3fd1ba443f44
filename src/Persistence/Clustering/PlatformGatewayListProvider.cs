using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace McpPlatform.Persistence.Clustering;

/// <summary>Gives Orleans clients the gateways of the cluster: active silos with a proxy port, read from the membership table.</summary>
public sealed class PlatformGatewayListProvider(
    IDbContextFactory<PlatformDbContext> contextFactory,
    PlatformDatabaseMigrator migrator,
    IOptions<ClusterOptions> clusterOptions,
    IOptions<GatewayOptions> gatewayOptions) : IGatewayListProvider
{
    private readonly string _clusterId = clusterOptions.Value.ClusterId;

    public TimeSpan MaxStaleness { get; } = gatewayOptions.Value.GatewayListRefreshPeriod;

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync(CancellationToken.None);

    public Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken) => migrator.EnsureMigratedAsync(cancellationToken);

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        await migrator.EnsureMigratedAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var active = (int)SiloStatus.Active;
        var rows = await context.MembershipSilos.AsNoTracking()
            .Where(s => s.ClusterId == _clusterId && s.Status == active && s.ProxyPort > 0)
            .Select(s => new { s.SiloAddress, s.ProxyPort })
            .ToListAsync(cancellationToken);

        return rows
            .Select(r =>
            {
                var silo = SiloAddress.FromParsableString(r.SiloAddress);
                // The gateway listens on the silo's IP at the proxy port; the generation identifies the incarnation.
                return SiloAddress.New(silo.Endpoint.Address, r.ProxyPort, silo.Generation).ToGatewayUri();
            })
            .ToList();
    }
}
