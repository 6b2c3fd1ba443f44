using McpPlatform.Contracts.Tenants;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace McpPlatform.Frontend.Auth;

/// <summary>Each tenant's sign-in settings, remembered for a moment: every agent request needs them.</summary>
public sealed class TenantAuthCache(IClusterClient cluster, IMemoryCache cache, IOptionsMonitor<OAuthOptions> options)
{
    /// <returns>The tenant's settings; null when there is no such tenant.</returns>
    public async ValueTask<TenantAuthSettings?> GetAsync(string tenantId)
    {
        var key = (typeof(TenantAuthCache), tenantId);
        if (cache.TryGetValue<TenantAuthSettings?>(key, out var known))
        {
            return known;
        }

        var settings = await cluster.GetGrain<ITenantGrain>(tenantId).GetAuthAsync();
        if (options.CurrentValue.SettingsCacheTime <= TimeSpan.Zero)
        {
            return settings;
        }

        cache.Set(key, settings, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = options.CurrentValue.SettingsCacheTime, Size = 1 });
        return settings;
    }
}
