using System.Security.Cryptography;

namespace McpPlatform.Grains.Tenants;

/// <summary>
/// Secrets are 256-bit random values, so a salted SHA-256 is enough to make a stolen database useless;
/// a slow password hash would only cost CPU on every key check.
/// </summary>
public static class SecretHasher
{
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static (string Salt, string Hash) Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return (Convert.ToBase64String(salt), Convert.ToBase64String(Compute(salt, secret)));
    }

    public static bool Verify(string secret, string salt, string hash)
    {
        Span<byte> expected = stackalloc byte[32];
        if (!Convert.TryFromBase64String(hash, expected, out var written) || written != 32)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Compute(Convert.FromBase64String(salt), secret), expected);
    }

    private static byte[] Compute(byte[] salt, string secret)
    {
        var secretBytes = System.Text.Encoding.UTF8.GetBytes(secret);
        var buffer = new byte[salt.Length + secretBytes.Length];
        salt.CopyTo(buffer, 0);
        secretBytes.CopyTo(buffer, salt.Length);
        return SHA256.HashData(buffer);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
