using System.Text.RegularExpressions;

namespace McpPlatform.Contracts.Tenants;

/// <summary>Rules for identifiers that appear in URLs (tenant ids, API ids).</summary>
public static partial class TenantIds
{
    /// <summary>Tenant and API ids: lower-case letters, digits and dashes, 2–63 characters.</summary>
    public const string Pattern = "^[a-z0-9][a-z0-9-]{1,62}$";

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();

    public static bool IsValid(string? id) => id is not null && IdRegex().IsMatch(id);
}
