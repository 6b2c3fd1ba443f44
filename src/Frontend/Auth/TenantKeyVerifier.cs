using McpPlatform.Contracts.Tenants;
using Microsoft.Extensions.Caching.Memory;

namespace McpPlatform.Frontend.Auth;

/// <summary>
/// Verifies tenant keys against their tenant grain, remembering a positive answer briefly so the hot path
/// usually costs no grain call. The memory is shorter than the promised revocation delay (1 s).
/// </summary>
public sealed class TenantKeyVerifier(IClusterClient cluster, IMemoryCache cache)
{
    public static readonly TimeSpan RememberFor = TimeSpan.FromMilliseconds(750);

    public async ValueTask<ApiKeyInfo?> VerifyAsync(ParsedApiKey key, string presented)
    {
        if (cache.TryGetValue<ApiKeyInfo>(presented, out var known))
        {
            return known;
        }

        var info = await cluster.GetGrain<ITenantGrain>(key.TenantId).VerifyKeyAsync(key.KeyId, key.Secret);
        if (info is not null)
        {
            cache.Set(presented, info, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = RememberFor, Size = 1 });
        }

        return info;
    }
}
