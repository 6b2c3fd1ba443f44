using System.Collections.Concurrent;
using System.Net;
using McpPlatform.Grains.Dispatch.Network;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// DNS for test names (no resolver on a test machine can be told to change its answers): a name answers what the test
/// set last, so a test can make a host resolve to a public address at registration and to a private one at call time.
/// Other names go to the system resolver.
/// </summary>
public sealed class TestHostResolver : IUpstreamHostResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> answers = new(StringComparer.OrdinalIgnoreCase);

    public void Answer(string host, params string[] addresses) => answers[host] = addresses.Select(IPAddress.Parse).ToArray();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        answers.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : Dns.GetHostAddressesAsync(host, cancellationToken);
}
