namespace McpPlatform.Contracts.Registry;

/// <summary>
/// Restricts some tools to principals holding one of the listed scopes or roles. A tool covered by several rules
/// must pass each; a tool no rule covers is open to every principal of the tenant. API keys are not restricted:
/// a tenant admin minted them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ToolAccessRule
{
    /// <summary>APIs (by id) whose every tool the rule covers.</summary>
    [Id(0)] public IReadOnlyList<string> Apis { get; init; } = [];

    /// <summary>Single tools (by their listed name) the rule covers.</summary>
    [Id(1)] public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Any one of these scopes lets a principal use the covered tools.</summary>
    [Id(2)] public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Any one of these roles (from the tenant's role claim) lets a principal use the covered tools.</summary>
    [Id(3)] public IReadOnlyList<string> Roles { get; init; } = [];

    public bool Covers(string apiId, string toolName) => Apis.Contains(apiId, StringComparer.Ordinal) || Tools.Contains(toolName, StringComparer.Ordinal);

    public bool IsSatisfiedBy(ToolCaller caller) =>
        Scopes.Any(s => caller.Scopes.Contains(s, StringComparer.Ordinal)) || Roles.Any(r => caller.Roles.Contains(r, StringComparer.Ordinal));
}

/// <summary>A principal signed in with the tenant's identity provider, as far as tool access and the audit log need it.</summary>
[GenerateSerializer, Immutable]
public sealed record ToolCaller
{
    /// <summary>The token's <c>sub</c>.</summary>
    [Id(0)] public required string Subject { get; init; }

    /// <summary>The OAuth client the token was issued to (<c>client_id</c> or <c>azp</c>), if it says.</summary>
    [Id(1)] public string? ClientId { get; init; }

    [Id(2)] public IReadOnlyList<string> Scopes { get; init; } = [];

    [Id(3)] public IReadOnlyList<string> Roles { get; init; } = [];
}

/// <summary>Which tools a caller may use under a tenant's rules.</summary>
public static class ToolAccess
{
    /// <summary>True when every rule covering the tool lets the caller in; a null caller (an API key) is never restricted.</summary>
    public static bool Allows(IReadOnlyList<ToolAccessRule> rules, ToolCaller? caller, string apiId, string toolName)
    {
        if (caller is null)
        {
            return true;
        }

        foreach (var rule in rules)
        {
            if (rule.Covers(apiId, toolName) && !rule.IsSatisfiedBy(caller))
            {
                return false;
            }
        }

        return true;
    }
}
