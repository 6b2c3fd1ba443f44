using McpPlatform.Contracts.RateLimiting;
using McpPlatform.Contracts.Tenants;

namespace McpPlatform.Grains.Tenants;

/// <summary>Persisted state of a tenant grain (serialized as JSON by the platform storage).</summary>
public sealed class TenantState
{
    public bool Exists { get; set; }
    public string DisplayName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public int? MaxToolNameLength { get; set; }
    public TenantRateLimits? RateLimits { get; set; }
    public TenantAuthSettings? Auth { get; set; }
    public List<StoredApiKey> Keys { get; set; } = [];
}

public sealed class StoredApiKey
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public ApiKeyRole Role { get; set; }
    public string Salt { get; set; } = "";
    public string Hash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public ApiKeyInfo ToInfo() => new(Id, Name, Role, CreatedAt);
}
