using System.Collections.Concurrent;
using McpPlatform.Contracts.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace McpPlatform.Frontend.Auth;

/// <summary>
/// A frontend's copy of each identity provider's signing keys. The cluster's <see cref="IIdentityProviderGrain"/> fetches
/// them; a frontend asks it every few minutes, and at once when a token names a key its copy lacks (a rotation).
/// </summary>
public sealed class IssuerSigningKeys(IClusterClient cluster, TimeProvider clock, IOptionsMonitor<OAuthOptions> options)
{
    private readonly ConcurrentDictionary<string, ProviderKeys> providers = new(StringComparer.Ordinal);

    public async ValueTask<ProviderKeys> GetAsync(string issuer)
    {
        if (providers.TryGetValue(issuer, out var known) && clock.GetUtcNow() - known.CheckedAt < options.CurrentValue.KeysCheckInterval && known.Keys.Count > 0)
        {
            return known;
        }

        return Keep(issuer, await cluster.GetGrain<IIdentityProviderGrain>(issuer).GetAsync());
    }

    /// <summary>After a token named an unknown key: the provider's keys as fetched again (or as they were, if it may not be asked yet).</summary>
    public async ValueTask<ProviderKeys> RefreshAsync(ProviderKeys stale) =>
        Keep(stale.Issuer, await cluster.GetGrain<IIdentityProviderGrain>(stale.Issuer).RefreshAsync(stale.Metadata.Revision));

    private ProviderKeys Keep(string issuer, IdentityProviderMetadata metadata)
    {
        var keys = new ProviderKeys(issuer, metadata, Parse(metadata.JwksJson), clock.GetUtcNow());
        providers[issuer] = keys;
        return keys;
    }

    private static IReadOnlyList<SecurityKey> Parse(string? jwks)
    {
        if (jwks is null)
        {
            return [];
        }

        try
        {
            // Keys meant for encryption only are left out: a token is checked with signing keys.
            return new JsonWebKeySet(jwks).GetSigningKeys().Where(k => k is not JsonWebKey { Use: "enc" }).ToList();
        }
        catch (ArgumentException)
        {
            return [];
        }
    }
}

/// <summary>One provider (by the issuer a tenant configured) with its metadata and signing keys, as a frontend last saw them.</summary>
public sealed record ProviderKeys(string Issuer, IdentityProviderMetadata Metadata, IReadOnlyList<SecurityKey> Keys, DateTimeOffset CheckedAt);
