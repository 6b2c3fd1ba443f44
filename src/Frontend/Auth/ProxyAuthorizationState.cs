using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpPlatform.Frontend.Hosting;
using Microsoft.AspNetCore.WebUtilities;

namespace McpPlatform.Frontend.Auth;

/// <summary>
/// What the OAuth proxy must remember between a client's authorize request and the provider's answer (the client's
/// redirect URI and state), carried in the <c>state</c> it sends the provider, signed with the cluster's key so any
/// frontend can take the answer and nobody can change where the code goes. Short-lived: a sign-in takes minutes.
/// </summary>
public sealed class ProxyAuthorizationState(PlatformSigningKey signingKey, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>Keeps it apart from anything else signed with the same key.</summary>
    private const string Purpose = "oauth-proxy-state\n";

    public async Task<string> ProtectAsync(PendingAuthorization pending)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(pending with { Expires = (clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds() });
        return WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(await signingKey.SignAsync(Signed(payload)));
    }

    /// <returns>The pending authorization; null when the state was not made here, was changed, or is too old.</returns>
    public async Task<PendingAuthorization?> UnprotectAsync(string? state)
    {
        if (state?.Split('.') is not [var encodedPayload, var encodedSignature])
        {
            return null;
        }

        try
        {
            var payload = WebEncoders.Base64UrlDecode(encodedPayload);
            var expected = await signingKey.SignAsync(Signed(payload));
            if (!CryptographicOperations.FixedTimeEquals(WebEncoders.Base64UrlDecode(encodedSignature), expected))
            {
                return null;
            }

            var pending = JsonSerializer.Deserialize<PendingAuthorization>(payload);
            return pending is not null && pending.Expires >= clock.GetUtcNow().ToUnixTimeSeconds() ? pending : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static byte[] Signed(byte[] payload) => [.. Encoding.UTF8.GetBytes(Purpose), .. payload];
}

/// <summary>A client's authorization in progress at the tenant's provider.</summary>
/// <param name="ClientState">The client's own <c>state</c>, handed back to it unchanged (null when it sent none).</param>
public sealed record PendingAuthorization(string Tenant, string RedirectUri, string? ClientState, long Expires = 0);
