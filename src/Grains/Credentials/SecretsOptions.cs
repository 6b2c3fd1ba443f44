namespace McpPlatform.Grains.Credentials;

/// <summary>The key tenants' upstream secrets are encrypted with at rest. Section <c>Platform:Secrets</c>.</summary>
public sealed class SecretsOptions
{
    public const string SectionName = "Platform:Secrets";

    /// <summary>The id written with every secret sealed by the embedded quick start's generated key.</summary>
    public const string LocalKeyId = "local";

    /// <summary>32 random bytes in base64; the same on every silo. Generated once into the data folder in the embedded quick start.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Stored with each sealed secret, so a secret sealed under an older key can still be opened after a rotation.</summary>
    public string KeyId { get; set; } = "1";

    /// <summary>Keys rotated out, by id: still used to open secrets, never to seal new ones.</summary>
    public Dictionary<string, string> PreviousKeys { get; set; } = new(StringComparer.Ordinal);
}
