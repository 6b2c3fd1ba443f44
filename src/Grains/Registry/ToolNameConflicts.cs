namespace McpPlatform.Grains.Registry;

/// <summary>Tool names are unique within a tenant, across all its APIs.</summary>
public static class ToolNameConflicts
{
    /// <returns>"name (API 'x')" for every name of a changed API that another API also uses.</returns>
    public static List<string> Find(RegistryState state, IReadOnlySet<string> changedApis)
    {
        var owners = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var api in state.Apis.Values)
        {
            foreach (var tool in api.Tools)
            {
                if (!owners.TryGetValue(tool.Name, out var list))
                {
                    owners[tool.Name] = list = [];
                }

                list.Add(api.Id);
            }
        }

        return owners
            .Where(o => o.Value.Count > 1 && o.Value.Any(changedApis.Contains))
            .SelectMany(o => o.Value.Where(id => !changedApis.Contains(id) || o.Value.Count(changedApis.Contains) > 1)
                .Select(id => $"{o.Key} (API '{id}')"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
