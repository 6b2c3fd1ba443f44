using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Credentials;

/// <summary>
/// Seals secrets with AES-256-GCM as <c>s1.{keyId}.{base64url(nonce ‖ ciphertext ‖ tag)}</c>. The key id lets a rotated
/// key keep opening old secrets; the context (tenant and API) is authenticated data, so a sealed secret copied into
/// another API's record does not open there.
/// </summary>
public sealed class SecretProtector
{
    private const string Format = "s1";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly string currentKeyId;
    private readonly Dictionary<string, byte[]> keys = new(StringComparer.Ordinal);

    public SecretProtector(IOptions<SecretsOptions> options)
    {
        var settings = options.Value;
        currentKeyId = settings.KeyId;
        keys[currentKeyId] = Convert.FromBase64String(settings.EncryptionKey!.Trim());
        foreach (var (id, key) in settings.PreviousKeys)
        {
            keys.TryAdd(id, Convert.FromBase64String(key.Trim()));
        }
    }

    public string Seal(string secret, string context)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(keys[currentKeyId], TagBytes))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceBytes, plaintext.Length), sealedBytes.AsSpan(NonceBytes + plaintext.Length), Context(context));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return $"{Format}.{currentKeyId}.{Base64Url.EncodeToString(sealedBytes)}";
    }

    /// <param name="error">Why it did not open, without anything of the secret: for the operator or the agent.</param>
    public bool TryOpen(string sealedSecret, string context, [NotNullWhen(true)] out string? secret, [NotNullWhen(false)] out string? error)
    {
        secret = null;
        var parts = sealedSecret.Split('.');
        if (parts.Length != 3 || parts[0] != Format)
        {
            error = "the stored secret is not in a format this platform reads";
            return false;
        }

        if (!keys.TryGetValue(parts[1], out var key))
        {
            error = $"the stored secret was sealed with key id '{parts[1]}', which this silo does not have " +
                    $"(configure it under {SecretsOptions.SectionName}:PreviousKeys:{parts[1]}, or register the API's auth again)";
            return false;
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            error = "the stored secret is damaged";
            return false;
        }

        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            error = "the stored secret is damaged";
            return false;
        }

        var plaintext = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, plaintext.Length), sealedBytes.AsSpan(NonceBytes + plaintext.Length),
                plaintext, Context(context));
        }
        catch (AuthenticationTagMismatchException)
        {
            error = $"the stored secret does not open with key id '{parts[1]}' for this API (a different key under the same id, or the record was altered)";
            return false;
        }

        secret = Encoding.UTF8.GetString(plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        error = null;
        return true;
    }

    /// <summary>True when the secret is sealed with the current key (false: it should be sealed again).</summary>
    public bool IsCurrent(string sealedSecret) => sealedSecret.StartsWith($"{Format}.{currentKeyId}.", StringComparison.Ordinal);

    private static byte[] Context(string context) => Encoding.UTF8.GetBytes("mcp-platform/upstream-secret/" + context);
}
