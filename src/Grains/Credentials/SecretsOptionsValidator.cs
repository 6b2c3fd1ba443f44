using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Credentials;

/// <summary>A silo without a usable key would accept credentials it could not keep: it fails at start-up instead, saying what to set.</summary>
public sealed partial class SecretsOptionsValidator : IValidateOptions<SecretsOptions>
{
    public const int KeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, SecretsOptions options)
    {
        var section = SecretsOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.EncryptionKey))
        {
            return ValidateOptionsResult.Fail(
                $"{section}:EncryptionKey is not set. Silos encrypt tenants' upstream credentials with it: set it to {KeyBytes} random bytes " +
                $"in base64 (for example the output of 'openssl rand -base64 {KeyBytes}'), the same on every silo, e.g. from a Kubernetes " +
                "secret as the environment variable Platform__Secrets__EncryptionKey.");
        }

        if (!IsKey(options.EncryptionKey))
        {
            return ValidateOptionsResult.Fail($"{section}:EncryptionKey must be exactly {KeyBytes} bytes in base64 (try 'openssl rand -base64 {KeyBytes}').");
        }

        if (!KeyIdPattern().IsMatch(options.KeyId))
        {
            return ValidateOptionsResult.Fail($"{section}:KeyId '{options.KeyId}' must be 1–32 letters, digits, '-' or '_'.");
        }

        foreach (var (id, key) in options.PreviousKeys)
        {
            if (!KeyIdPattern().IsMatch(id) || id == options.KeyId || !IsKey(key))
            {
                return ValidateOptionsResult.Fail(
                    $"{section}:PreviousKeys:{id} must be a key id (1–32 letters, digits, '-' or '_') other than KeyId '{options.KeyId}', " +
                    $"holding {KeyBytes} bytes in base64.");
            }
        }

        return ValidateOptionsResult.Success;
    }

    internal static bool IsKey(string? value)
    {
        Span<byte> buffer = stackalloc byte[64];
        return value is not null && Convert.TryFromBase64String(value.Trim(), buffer, out var written) && written == KeyBytes;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex KeyIdPattern();
}
