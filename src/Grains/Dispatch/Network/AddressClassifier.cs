using System.Net;
using System.Net.Sockets;

namespace McpPlatform.Grains.Dispatch.Network;

/// <summary>
/// Which addresses are not the public internet: loopback, link-local (where clouds serve instance metadata), private
/// and shared ranges, and the reserved rest. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4)
/// are judged by the address they carry, so <c>::ffff:127.0.0.1</c> is loopback too.
/// </summary>
public static class AddressClassifier
{
    private static readonly (IPNetwork Network, string Kind)[] Ipv4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "'this network' (0.0.0.0/8)"),
        (IPNetwork.Parse("10.0.0.0/8"), "private (10.0.0.0/8)"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared carrier-grade NAT (100.64.0.0/10)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local (169.254.0.0/16, where cloud instance metadata is served)"),
        (IPNetwork.Parse("172.16.0.0/12"), "private (172.16.0.0/12)"),
        (IPNetwork.Parse("192.0.0.0/24"), "reserved (192.0.0.0/24)"),
        (IPNetwork.Parse("192.0.2.0/24"), "documentation-only (192.0.2.0/24)"),
        (IPNetwork.Parse("192.168.0.0/16"), "private (192.168.0.0/16)"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking (198.18.0.0/15)"),
        (IPNetwork.Parse("198.51.100.0/24"), "documentation-only (198.51.100.0/24)"),
        (IPNetwork.Parse("203.0.113.0/24"), "documentation-only (203.0.113.0/24)"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved (240.0.0.0/4)"),
    ];

    private static readonly (IPNetwork Network, string Kind)[] Ipv6 =
    [
        (IPNetwork.Parse("::/128"), "unspecified (::)"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "local NAT64 (64:ff9b:1::/48)"),
        (IPNetwork.Parse("100::/64"), "discard-only (100::/64)"),
        (IPNetwork.Parse("2001::/32"), "Teredo tunnel (2001::/32)"),
        (IPNetwork.Parse("2001:db8::/32"), "documentation-only (2001:db8::/32)"),
        (IPNetwork.Parse("fc00::/7"), "unique local (fc00::/7, private)"),
        (IPNetwork.Parse("fe80::/10"), "link-local (fe80::/10)"),
        (IPNetwork.Parse("fec0::/10"), "site-local (fec0::/10, private)"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Ipv4Compatible = IPNetwork.Parse("::/96");

    /// <returns>Null for a public address; otherwise what kind of address it is, for a refusal message.</returns>
    public static string? NonPublicKind(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return Match(Ipv4, address);
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return Carried(address.MapToIPv4(), "IPv4-mapped");
        }

        var bytes = address.GetAddressBytes();
        if (Match(Ipv6, address) is { } kind)
        {
            return kind;
        }

        if (Nat64.Contains(address) || Ipv4Compatible.Contains(address))
        {
            return Carried(new IPAddress(bytes.AsSpan(12, 4)), Nat64.Contains(address) ? "NAT64" : "IPv4-compatible");
        }

        return SixToFour.Contains(address) ? Carried(new IPAddress(bytes.AsSpan(2, 4)), "6to4") : null;
    }

    private static string? Carried(IPAddress ipv4, string form) =>
        Match(Ipv4, ipv4) is { } kind ? $"{kind} (as {form} {ipv4})" : null;

    private static string? Match((IPNetwork Network, string Kind)[] ranges, IPAddress address)
    {
        foreach (var (network, kind) in ranges)
        {
            if (network.Contains(address))
            {
                return kind;
            }
        }

        return null;
    }
}
