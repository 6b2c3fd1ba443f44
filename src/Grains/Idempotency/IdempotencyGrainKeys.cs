using System.Security.Cryptography;
using System.Text;

namespace McpPlatform.Grains.Idempotency;

/// <summary>
/// Keys are scoped to the tenant and the API key that sent them: one agent can neither collide with another's keys
/// nor read another's stored results by guessing a key. The key itself is hashed into the grain id (fixed length,
/// safe characters, never stored in clear in the grain id).
/// </summary>
public static class IdempotencyGrainKeys
{
    /// <summary>The grain id part for calls made without a tenant key (the operator).</summary>
    private const string NoKeyId = "-";

    public static string For(string tenantId, string? keyId, string idempotencyKey)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey));
        return $"{tenantId}/{keyId ?? NoKeyId}/{Convert.ToBase64String(digest).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
    }
}
