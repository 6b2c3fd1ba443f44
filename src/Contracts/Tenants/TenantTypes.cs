using McpPlatform.Contracts.RateLimiting;

namespace McpPlatform.Contracts.Tenants;

[GenerateSerializer, Immutable]
public sealed record TenantInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] int? MaxToolNameLength = null,
    [property: Id(4)] TenantRateLimits? RateLimits = null,
    [property: Id(5)] TenantAuthSettings? Auth = null);

/// <summary>A tenant's own settings; null members of an update leave the setting unchanged.</summary>
[GenerateSerializer, Immutable]
public sealed record TenantSettings
{
    [Id(0)] public string? DisplayName { get; init; }

    /// <summary>Longest tool name the tenant's agents accept (some clients cap names at 64); tools are renamed to fit.</summary>
    [Id(1)] public int? MaxToolNameLength { get; init; }

    /// <summary>The tenant's budgets; when given, they replace the tenant's previous ones as a whole.</summary>
    [Id(2)] public TenantRateLimits? RateLimits { get; init; }

    /// <summary>How agents sign in; when given, replaces the previous settings as a whole.</summary>
    [Id(3)] public TenantAuthSettings? Auth { get; init; }

    public const int MinToolNameLength = 16;
    public const int MaxToolNameLengthLimit = 128;
}

public enum TenantUpdateStatus { Updated, NotFound, ToolNameConflict }

[GenerateSerializer, Immutable]
public sealed record TenantUpdateOutcome(
    [property: Id(0)] TenantUpdateStatus Status,
    [property: Id(1)] TenantInfo? Tenant = null,
    [property: Id(2)] string? Error = null,
    [property: Id(3)] IReadOnlyList<string>? ConflictingTools = null);

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
