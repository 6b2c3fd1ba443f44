using System.Security.Claims;

namespace McpPlatform.Frontend.Auth;

/// <summary>Claims a platform principal carries, and the roles it can have.</summary>
public static class PlatformClaims
{
    public const string Tenant = "mcp:tenant";
    public const string KeyId = "mcp:key_id";
    public const string Role = ClaimTypes.Role;

    public const string OperatorRole = "operator";
    public const string AdminRole = "admin";
    public const string AgentRole = "agent";

    public static bool IsOperator(this ClaimsPrincipal user) => user.IsInRole(OperatorRole);

    public static string? TenantId(this ClaimsPrincipal user) => user.FindFirstValue(Tenant);

    public static string? KeyIdOf(this ClaimsPrincipal user) => user.FindFirstValue(KeyId);

    /// <summary>True when the principal may act on <paramref name="tenantId"/> at all (operator, or a key of that tenant).</summary>
    public static bool BelongsTo(this ClaimsPrincipal user, string? tenantId) =>
        user.IsOperator() || (tenantId is not null && string.Equals(user.TenantId(), tenantId, StringComparison.Ordinal));
}
