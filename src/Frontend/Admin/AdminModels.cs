using System.Text.Json;
using McpPlatform.Contracts.Registry;
using McpPlatform.Contracts.Tenants;

namespace McpPlatform.Frontend.Admin;

/// <param name="Limits">The tenant's budgets (see <see cref="RateLimitsParser"/>); operator only.</param>
/// <param name="Auth">How agents sign in (see <see cref="TenantAuthParser"/>); absent: tenant keys only.</param>
public sealed record CreateTenantRequest(string? Id, string? DisplayName, int? MaxToolNameLength, JsonElement? Limits = null, JsonElement? Auth = null);

/// <param name="Limits">Replaces the tenant's budgets as a whole (<c>{}</c> clears them); operator only.</param>
/// <param name="Auth">Replaces how agents sign in as a whole (<c>{}</c>: tenant keys only); absent or null: unchanged.</param>
public sealed record UpdateTenantRequest(string? DisplayName, int? MaxToolNameLength, JsonElement? Limits = null, JsonElement? Auth = null);

/// <param name="Warnings">Settings that do less than they seem to (an access rule naming a tool that does not exist); absent when none.</param>
public sealed record TenantResponse(
    string Id, string DisplayName, DateTimeOffset CreatedAt, int? MaxToolNameLength, RateLimitsResponse? Limits = null, TenantAuthResponse? Auth = null,
    IReadOnlyList<string>? Warnings = null)
{
    public static TenantResponse From(TenantInfo info, IReadOnlyList<string>? warnings = null) =>
        new(info.Id, info.DisplayName, info.CreatedAt, info.MaxToolNameLength, RateLimitsResponse.From(info.RateLimits), TenantAuthResponse.From(info.Auth), warnings);
}

public sealed record CreateKeyRequest(string? Name, string? Role);

public sealed record KeyResponse(string Id, string Name, string Role, DateTimeOffset CreatedAt)
{
    public static KeyResponse From(ApiKeyInfo info) => new(info.Id, info.Name, RoleName(info.Role), info.CreatedAt);

    public static string RoleName(ApiKeyRole role) => role == ApiKeyRole.Admin ? "admin" : "agent";
}

public sealed record CreatedKeyResponse(string Id, string Name, string Role, DateTimeOffset CreatedAt, string Key);

public sealed record ApiRegistrationResponse(string Api, long Version, string BaseUrl, IReadOnlyList<string> Tools, IReadOnlyList<string> Warnings);

public sealed record ApiResponse(
    string Id,
    string? OpenApiUrl,
    string BaseUrl,
    string? Title,
    long Version,
    IReadOnlyList<string> Tools,
    IReadOnlyList<string> Warnings,
    ApiOptionsResponse Options,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ApiResponse From(ApiSummary api) => new(api.Id, api.OpenApiUrl, api.BaseUrl, api.Title, api.Version, api.Tools, api.Warnings,
        ApiOptionsResponse.From(api.Options), api.CreatedAt, api.UpdatedAt);
}

/// <summary>Options as shown back; header values are not echoed (they often carry credentials).</summary>
public sealed record ApiOptionsResponse(
    FilterResponse Include,
    FilterResponse Exclude,
    bool ReadOnly,
    bool IncludeDeprecated,
    string? ToolPrefix,
    int? TimeoutSeconds,
    int? DescriptionMaxLength,
    SchemaReferenceMode SchemaReferences,
    int? LargeResponseThresholdBytes,
    IReadOnlyList<string> Headers,
    UpstreamAuthResponse Auth,
    IReadOnlyList<string> ForwardHeaders)
{
    public static ApiOptionsResponse From(ApiOptions options) => new(
        new FilterResponse(options.IncludeOperations, options.IncludeTags, options.IncludeMethods),
        new FilterResponse(options.ExcludeOperations, options.ExcludeTags, options.ExcludeMethods),
        options.ReadOnly,
        options.IncludeDeprecated,
        options.ToolPrefix,
        options.TimeoutSeconds,
        options.DescriptionMaxLength,
        options.SchemaReferences,
        options.LargeResponseThresholdBytes,
        options.Headers.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList(),
        UpstreamAuthResponse.From(options.Auth),
        options.ForwardHeaders);
}

public sealed record FilterResponse(IReadOnlyList<string> Operations, IReadOnlyList<string> Tags, IReadOnlyList<string> Methods);

public sealed record ToolResponse(
    string Name,
    string? Title,
    string? Description,
    JsonElement InputSchema,
    JsonElement? OutputSchema,
    ToolAnnotationsResponse Annotations,
    string Api);

public sealed record ToolAnnotationsResponse(string? Title, bool ReadOnlyHint, bool DestructiveHint, bool IdempotentHint, bool OpenWorldHint);
