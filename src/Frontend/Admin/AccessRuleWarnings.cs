using McpPlatform.Contracts.Registry;
using McpPlatform.Contracts.Tenants;

namespace McpPlatform.Frontend.Admin;

/// <summary>
/// Access rules name APIs and tools that may not exist yet (an API registered later), so such names are accepted; but
/// a rule covering nothing restricts nothing, and a misspelt or since-renamed tool stays open to every principal. The
/// tenant is told, with each response that shows the rules.
/// </summary>
public static class AccessRuleWarnings
{
    public static IReadOnlyList<string>? For(TenantAuthSettings? auth, ToolSet? tools)
    {
        if (auth?.OAuth is not { Access.Count: > 0 } oauth || tools is null)
        {
            return null;
        }

        var apis = tools.Tools.Select(t => t.ApiId).ToHashSet(StringComparer.Ordinal);
        var names = tools.Tools.Select(t => t.Definition.Name).ToHashSet(StringComparer.Ordinal);
        var warnings = new List<string>();
        for (var i = 0; i < oauth.Access.Count; i++)
        {
            var rule = oauth.Access[i];
            warnings.AddRange(rule.Apis.Where(api => !apis.Contains(api))
                .Select(api => $"auth.oauth.access[{i}] names API '{api}', which is not registered: it restricts nothing until it is."));
            warnings.AddRange(rule.Tools.Where(tool => !names.Contains(tool))
                .Select(tool => $"auth.oauth.access[{i}] names tool '{tool}', which no API has (tools are named as listed, after prefixes and length limits): it restricts nothing."));
        }

        return warnings.Count > 0 ? warnings : null;
    }
}
