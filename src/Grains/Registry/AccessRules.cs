using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Registry;

namespace McpPlatform.Grains.Registry;

/// <summary>The registry's side of the tenant's tool access rules: whether they changed, and refusing a call they forbid.</summary>
public static class AccessRules
{
    /// <summary>Same rules in the same order (records compare their lists by reference, so this compares them by content).</summary>
    public static bool Same(IReadOnlyList<ToolAccessRule> current, IReadOnlyList<ToolAccessRule> next) =>
        current.Count == next.Count && current.Zip(next).All(pair => Same(pair.First, pair.Second));

    /// <summary>
    /// Null when the caller may use the tool; otherwise a <see cref="ToolCallOutcome.Forbidden"/> result naming what the
    /// caller lacks and how to get it, so an agent (or its user) can act on it instead of guessing.
    /// </summary>
    public static ToolCallResult? Refuse(IReadOnlyList<ToolAccessRule> rules, ToolCaller? caller, string apiId, string toolName)
    {
        if (ToolAccess.Allows(rules, caller, apiId, toolName))
        {
            return null;
        }

        var unmet = rules.First(rule => rule.Covers(apiId, toolName) && !rule.IsSatisfiedBy(caller!));
        var needs = new List<string>(2);
        if (unmet.Scopes.Count > 0)
        {
            needs.Add($"{(unmet.Scopes.Count == 1 ? "scope" : "one of the scopes")} {Quoted(unmet.Scopes)}");
        }

        if (unmet.Roles.Count > 0)
        {
            needs.Add($"{(unmet.Roles.Count == 1 ? "role" : "one of the roles")} {Quoted(unmet.Roles)}");
        }

        var remedy = unmet.Scopes.Count > 0
            ? $"sign in again asking for {(unmet.Scopes.Count == 1 ? "that scope" : "one of those scopes")}, or ask the tenant's admin"
            : "ask the tenant's admin for access";
        return ToolCallResult.Error(ToolCallOutcome.Forbidden,
            $"Tool '{toolName}' needs {string.Join(" or ", needs)}, which this sign-in does not carry: {remedy}. Nothing was sent to the API.");
    }

    private static bool Same(ToolAccessRule a, ToolAccessRule b) =>
        a.Apis.SequenceEqual(b.Apis, StringComparer.Ordinal) && a.Tools.SequenceEqual(b.Tools, StringComparer.Ordinal)
        && a.Scopes.SequenceEqual(b.Scopes, StringComparer.Ordinal) && a.Roles.SequenceEqual(b.Roles, StringComparer.Ordinal);

    private static string Quoted(IReadOnlyList<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
