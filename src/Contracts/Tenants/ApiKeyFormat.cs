using System.Diagnostics.CodeAnalysis;

namespace McpPlatform.Contracts.Tenants;

/// <summary>
/// Tenant keys read <c>mcpk.{tenant}.{keyId}.{secret}</c>. Carrying the tenant lets a frontend find the one
/// grain that can verify the key, and answer a key used on another tenant's URL with 404 instead of guessing.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "mcpk";
    private const char Separator = '.';

    public static string Format(string tenantId, string keyId, string secret) =>
        string.Join(Separator, Prefix, tenantId, keyId, secret);

    public static bool TryParse(string? presented, [NotNullWhen(true)] out ParsedApiKey? key)
    {
        key = null;
        if (string.IsNullOrEmpty(presented) || presented.Length > 512)
        {
            return false;
        }

        var parts = presented.Split(Separator);
        if (parts.Length != 4 || parts[0] != Prefix || !TenantIds.IsValid(parts[1])
            || parts[2].Length == 0 || parts[3].Length == 0)
        {
            return false;
        }

        key = new ParsedApiKey(parts[1], parts[2], parts[3]);
        return true;
    }
}

public sealed record ParsedApiKey(string TenantId, string KeyId, string Secret);
