using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Dispatch.Network;

/// <summary>
/// Keeps tenants' URLs (base URLs, document URLs, token endpoints) off loopback, link-local, private and reserved
/// addresses unless the operator allows them. The check runs where the connection is made, on the addresses the host
/// resolved to right then, and the socket connects to exactly those checked addresses: a name that resolves to a
/// public address at registration and to 127.0.0.1 later (DNS rebinding) is still refused.
/// </summary>
public sealed class UpstreamAddressGuard(IOptions<UpstreamOptions> options, IUpstreamHostResolver resolver)
{
    private readonly IPNetwork[] allowedNetworks = options.Value.AllowedNetworks.Select(n => IPNetwork.Parse(n)).ToArray();

    private bool AllowsEverything => options.Value.AllowPrivateNetworks;

    /// <returns>Null when the address may be called; otherwise what kind of address it is.</returns>
    public string? RefusedKind(IPAddress address)
    {
        if (AllowsEverything || Array.Exists(allowedNetworks, n => n.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)))
        {
            return null;
        }

        return AddressClassifier.NonPublicKind(address);
    }

    /// <summary>For registration: a URL whose host is, or now resolves to, a refused address.</summary>
    /// <returns>Null when allowed, or when the name does not resolve yet (it is checked again on every connection).</returns>
    public async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        if (AllowsEverything)
        {
            return null;
        }

        try
        {
            await ResolveAllowedAsync(url.IdnHost, cancellationToken);
            return null;
        }
        catch (UpstreamAddressRefusedException e)
        {
            return e.Message;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/> of every client that calls tenants' URLs.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (AllowsEverything)
            {
                await socket.ConnectAsync(endpoint, cancellationToken);
            }
            else
            {
                await socket.ConnectAsync(await ResolveAllowedAsync(endpoint.Host, cancellationToken), endpoint.Port, cancellationToken);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Every address the host resolves to must be allowed: which one a connection would use is not ours to predict.</summary>
    private async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        var addresses = IPAddress.TryParse(literal, out var address) ? [address] : await resolver.ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        foreach (var resolved in addresses)
        {
            if (RefusedKind(resolved) is { } kind)
            {
                var what = address is null ? $"{host} resolves to {resolved}, {Article(kind)} {kind} address" : $"{resolved} is {Article(kind)} {kind} address";
                throw new UpstreamAddressRefusedException(
                    $"{what}; this platform does not call private or internal networks " +
                    $"(the operator can allow them with {UpstreamOptions.SectionName}:AllowPrivateNetworks or AllowedNetworks)");
            }
        }

        return addresses;
    }

    private static string Article(string word) => "aeiou".Contains(char.ToLowerInvariant(word[0])) ? "an" : "a";
}
