using System.Net;

namespace McpPlatform.Grains.Dispatch.Network;

/// <summary>Resolves an upstream host name to the addresses the guard checks and then connects to.</summary>
public interface IUpstreamHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver.</summary>
public sealed class DnsUpstreamHostResolver : IUpstreamHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
