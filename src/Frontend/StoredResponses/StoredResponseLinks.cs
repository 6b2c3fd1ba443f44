using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using McpPlatform.Frontend.Hosting;
using McpPlatform.Frontend.Mcp;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace McpPlatform.Frontend.StoredResponses;

/// <summary>
/// Links to stored responses: <c>{base}/t/{tenant}/results/{id}?expires={unix}&amp;signature={hmac}</c>. The same URL is
/// the MCP resource URI (read with <c>resources/read</c> in a session of the tenant) and a short-lived download link
/// that needs no key — the signature is the permission, for this tenant, this id and until this time.
/// </summary>
public sealed class StoredResponseLinks(PlatformSigningKey signingKey, PublicUrls urls, IOptionsMonitor<McpEndpointOptions> options, TimeProvider clock)
{
    public const string RoutePattern = "/t/{tenant}/results/{id}";
    private const string ExpiresParameter = "expires";
    private const string SignatureParameter = "signature";

    public async Task<string> CreateAsync(HttpRequest request, string tenantId, string id)
    {
        var expires = (clock.GetUtcNow() + options.CurrentValue.ResultLinkLifetime).ToUnixTimeSeconds();
        var signature = WebEncoders.Base64UrlEncode(await SignAsync(tenantId, id, expires));
        var root = urls.Root(request);
        return string.Create(CultureInfo.InvariantCulture,
            $"{root}/t/{Uri.EscapeDataString(tenantId)}/results/{id}?{ExpiresParameter}={expires}&{SignatureParameter}={signature}");
    }

    /// <summary>Whether a download request carries a valid, unexpired signature for this tenant and id.</summary>
    public async Task<bool> VerifyAsync(string tenantId, string id, IQueryCollection query)
    {
        if (!long.TryParse(query[ExpiresParameter], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires < clock.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        byte[] given;
        try
        {
            given = WebEncoders.Base64UrlDecode(query[SignatureParameter].ToString());
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = await SignAsync(tenantId, id, expires);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>The stored response's id, when <paramref name="uri"/> is one of this tenant's links.</summary>
    public static string? IdOf(string uri, string tenantId)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return null;
        }

        var segments = parsed.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is [.., "t", var tenant, "results", var id] && Uri.UnescapeDataString(tenant) == tenantId ? id : null;
    }

    private async Task<byte[]> SignAsync(string tenantId, string id, long expires) =>
        await signingKey.SignAsync(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{tenantId}\n{id}\n{expires}")));
}
