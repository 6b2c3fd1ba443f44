namespace McpPlatform.Contracts.Tenants;

[GenerateSerializer, Immutable]
public sealed record TenantInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] DateTimeOffset CreatedAt);

/// <summary>What a tenant key may do: <c>admin</c> manages its tenant's APIs and keys; <c>agent</c> uses MCP only.</summary>
public enum ApiKeyRole
{
    Agent = 0,
    Admin = 1,
}

[GenerateSerializer, Immutable]
public sealed record ApiKeyInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ApiKeyRole Role,
    [property: Id(3)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable]
public sealed record CreatedApiKey(
    [property: Id(0)] ApiKeyInfo Info,
    [property: Id(1)] string Key);
