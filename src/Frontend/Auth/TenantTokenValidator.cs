using System.Security.Claims;
using System.Text.Json;
using McpPlatform.Contracts.Tenants;
using McpPlatform.Frontend.Hosting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpPlatform.Frontend.Auth;

/// <summary>
/// Checks an access token against one tenant's identity provider: signature by a key from the provider's JWKS,
/// <c>iss</c>, <c>aud</c> (the tenant's MCP URL unless the tenant named another audience), <c>exp</c>/<c>nbf</c> with a
/// little clock skew, and the scopes the tenant requires. A token for another tenant fails on its issuer or audience.
/// </summary>
public sealed class TenantTokenValidator(IssuerSigningKeys signingKeys, PublicUrls urls, IMemoryCache cache, TimeProvider clock, IOptionsMonitor<OAuthOptions> options)
{
    /// <summary>
    /// How long a token found valid is trusted without checking it again. Checking costs about 120 µs of CPU (a quarter
    /// of a read call, bench/RESULTS.md); an agent sends the same token for many calls. Short, so a provider's key
    /// withdrawn at a rotation stops being honoured soon after the platform learns of it.
    /// </summary>
    public static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(60);

    /// <summary>Asymmetric algorithms only: a provider's keys are public, so a token signed with one as an HMAC secret must fail.</summary>
    private static readonly string[] SigningAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public async Task<TokenCheck> CheckAsync(HttpRequest request, string tenant, TenantOAuthSettings oauth, string token)
    {
        var audience = oauth.Audience ?? TenantResourceUrls.Resource(urls.Root(request), tenant);
        var keys = await signingKeys.GetAsync(oauth.Issuer);
        // Everything the verdict depends on: the same token under other settings, or once the provider's keys changed
        // (a key withdrawn at a rotation), is checked afresh.
        var key = (typeof(TenantTokenValidator), tenant, oauth.Issuer, audience, oauth.RoleClaim, string.Join(' ', oauth.RequiredScopes), keys.Metadata.Revision, token);
        if (cache.TryGetValue<TokenCheck>(key, out var known))
        {
            return known!;
        }

        var check = await ValidateAsync(tenant, oauth, token, audience, keys);
        if (check is { Outcome: TokenCheckOutcome.Valid, Expires: { } expires })
        {
            var until = Math.Min((expires - clock.GetUtcNow()).Ticks, RememberFor.Ticks);
            if (until > 0)
            {
                cache.Set(key, check, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromTicks(until), Size = 1 });
            }
        }

        return check;
    }

    private async Task<TokenCheck> ValidateAsync(string tenant, TenantOAuthSettings oauth, string token, string audience, ProviderKeys keys)
    {
        if (keys.Keys.Count == 0)
        {
            return new TokenCheck(TokenCheckOutcome.KeysUnavailable,
                Reason: $"The signing keys of this tenant's identity provider could not be fetched: {keys.Metadata.Error ?? "none published"}");
        }

        var result = await handler.ValidateTokenAsync(token, Parameters(oauth, keys, audience));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The token names a key this copy lacks: the provider may have rotated its keys since.
            var refreshed = await signingKeys.RefreshAsync(keys);
            if (refreshed.Metadata.Revision != keys.Metadata.Revision && refreshed.Keys.Count > 0)
            {
                result = await handler.ValidateTokenAsync(token, Parameters(oauth, refreshed, audience));
            }
        }

        if (!result.IsValid)
        {
            return TokenCheck.Invalid(Describe(result.Exception, audience));
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (string.IsNullOrEmpty(jwt.Subject))
        {
            return TokenCheck.Invalid("The access token has no 'sub' claim.");
        }

        var payload = ReadPayload(jwt);
        var scopes = ScopesOf(payload);
        var principal = Principal(tenant, oauth, jwt, payload, scopes);
        var missing = oauth.RequiredScopes.Where(s => !scopes.Contains(s, StringComparer.Ordinal)).ToList();
        return missing.Count > 0
            ? new TokenCheck(TokenCheckOutcome.InsufficientScope, principal, $"The access token lacks the scope(s) {string.Join(", ", missing.Select(s => $"'{s}'"))} this tenant requires.")
            : new TokenCheck(TokenCheckOutcome.Valid, principal, Expires: new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
    }

    private TokenValidationParameters Parameters(TenantOAuthSettings oauth, ProviderKeys keys, string audience) => new()
    {
        ValidIssuers = keys.Metadata.Issuer == oauth.Issuer ? [oauth.Issuer] : [oauth.Issuer, keys.Metadata.Issuer],
        ValidAudience = audience,
        IssuerSigningKeys = keys.Keys,
        ValidAlgorithms = SigningAlgorithms,
        ClockSkew = options.CurrentValue.ClockSkew,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateLifetime = true,
        // A token that names no key (no 'kid') is checked against each of the provider's keys.
        TryAllIssuerSigningKeys = true,
    };

    private static string Describe(Exception? failure, string audience) => failure switch
    {
        SecurityTokenExpiredException => "The access token has expired.",
        SecurityTokenNotYetValidException => "The access token is not valid yet.",
        SecurityTokenNoExpirationException => "The access token has no expiry ('exp').",
        SecurityTokenInvalidAudienceException => $"The access token is not for this resource: its audience must be '{audience}'.",
        SecurityTokenInvalidIssuerException => "The access token was not issued by this tenant's identity provider.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The access token's signature does not verify with this tenant's identity provider's keys.",
        SecurityTokenInvalidAlgorithmException => "The access token is signed with an algorithm the platform does not accept.",
        SecurityTokenMalformedException => "The access token is not a well-formed JWT.",
        _ => "The access token is not valid for this tenant.",
    };

    private static JsonElement ReadPayload(JsonWebToken jwt)
    {
        using var document = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        return document.RootElement.Clone();
    }

    /// <summary>Scopes from <c>scope</c> (RFC 9068: space separated) or, as some providers send them, <c>scp</c> (string or array).</summary>
    private static List<string> ScopesOf(JsonElement payload)
    {
        var scopes = new List<string>();
        foreach (var name in new[] { "scope", "scp" })
        {
            if (payload.TryGetProperty(name, out var value))
            {
                scopes.AddRange(Words(value));
            }
        }

        return scopes.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The values at a dotted path (<c>realm_access.roles</c>): a string of space-separated words or an array of strings.</summary>
    private static IEnumerable<string> RolesOf(JsonElement payload, string? roleClaim)
    {
        if (roleClaim is null)
        {
            return [];
        }

        var node = payload;
        foreach (var segment in roleClaim.Split('.'))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(segment, out node))
            {
                return [];
            }
        }

        return Words(node).Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Words(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(v => v.Length > 0),
        _ => [],
    };

    private static ClaimsPrincipal Principal(string tenant, TenantOAuthSettings oauth, JsonWebToken jwt, JsonElement payload, List<string> scopes)
    {
        var clientId = Text(payload, "client_id") ?? Text(payload, "azp");
        var claims = new List<Claim>
        {
            new(PlatformClaims.Tenant, tenant),
            new(PlatformClaims.Role, PlatformClaims.AgentRole),
            new(PlatformClaims.Subject, jwt.Subject),
            // The MCP session is bound to this: the same person through another client is another principal.
            new(ClaimTypes.NameIdentifier, $"oauth:{jwt.Issuer}|{clientId}|{jwt.Subject}"),
            new(ClaimTypes.Name, jwt.Subject),
        };
        if (clientId is not null)
        {
            claims.Add(new Claim(PlatformClaims.ClientId, clientId));
        }

        claims.AddRange(scopes.Select(s => new Claim(PlatformClaims.Scope, s)));
        claims.AddRange(RolesOf(payload, oauth.RoleClaim).Select(r => new Claim(PlatformClaims.TenantRole, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, TenantOAuthHandler.SchemeName));
    }

    private static string? Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
