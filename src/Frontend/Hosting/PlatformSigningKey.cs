using System.Security.Cryptography;
using McpPlatform.Contracts.Results;

namespace McpPlatform.Frontend.Hosting;

/// <summary>
/// The cluster's HMAC key for what the platform hands out and later takes back unchanged (result links, the OAuth
/// proxy's state), so whichever frontend receives it can check it. Each use signs its own payload format.
/// </summary>
public sealed class PlatformSigningKey(IClusterClient cluster)
{
    private byte[]? key;

    public async ValueTask<byte[]> SignAsync(byte[] payload)
    {
        key ??= await cluster.GetGrain<ILinkSigningKeyGrain>(ILinkSigningKeyGrain.SingletonKey).GetKeyAsync();
        return HMACSHA256.HashData(key, payload);
    }
}
