using System.Security.Claims;
using McpPlatform.Contracts.Registry;

namespace McpPlatform.Frontend.Auth;

/// <summary>Claims a platform principal carries, and the roles it can have.</summary>
public static class PlatformClaims
{
    public const string Tenant = "mcp:tenant";
    public const string KeyId = "mcp:key_id";
    public const string Role = ClaimTypes.Role;

    /// <summary>An OAuth principal's <c>sub</c>, client and scopes (one claim each), from the tenant's identity provider.</summary>
    public const string Subject = "mcp:sub";
    public const string ClientId = "mcp:client_id";
    public const string Scope = "mcp:scope";

    /// <summary>
    /// A role from the tenant's role claim. Its own claim type, never <see cref="Role"/>: a tenant's identity provider
    /// naming a role "admin" or "operator" must not make anyone a platform admin.
    /// </summary>
    public const string TenantRole = "mcp:tenant_role";

    public const string OperatorRole = "operator";
    public const string AdminRole = "admin";
    public const string AgentRole = "agent";

    public static bool IsOperator(this ClaimsPrincipal user) => user.IsInRole(OperatorRole);

    public static string? TenantId(this ClaimsPrincipal user) => user.FindFirstValue(Tenant);

    public static string? KeyIdOf(this ClaimsPrincipal user) => user.FindFirstValue(KeyId);

    /// <summary>True when the principal may act on <paramref name="tenantId"/> at all (operator, or a key of that tenant).</summary>
    public static bool BelongsTo(this ClaimsPrincipal user, string? tenantId) =>
        user.IsOperator() || (tenantId is not null && string.Equals(user.TenantId(), tenantId, StringComparison.Ordinal));

    /// <summary>The OAuth principal as tool access and the audit log see it; null for a key (keys are not restricted).</summary>
    public static ToolCaller? ToolCallerOf(this ClaimsPrincipal? user) =>
        user?.FindFirstValue(Subject) is { } subject
            ? new ToolCaller
            {
                Subject = subject,
                ClientId = user.FindFirstValue(ClientId),
                Scopes = user.FindAll(Scope).Select(c => c.Value).ToList(),
                Roles = user.FindAll(TenantRole).Select(c => c.Value).ToList(),
            }
            : null;
}
