using System.Collections.Frozen;
using Json.Schema;
using McpPlatform.Contracts.Registry;
using McpPlatform.OpenApi.Model;

namespace McpPlatform.Grains.Registry;

/// <summary>
/// An immutable, in-memory view of a tenant's tools built from the registry state: what tool calls read.
/// Swapped atomically on every change, so interleaved calls never see a half-updated registry.
/// </summary>
public sealed class ToolCatalog
{
    public static readonly ToolCatalog Empty = new(0, FrozenDictionary<string, CatalogTool>.Empty, []);

    private ToolCatalog(long version, FrozenDictionary<string, CatalogTool> tools, IReadOnlyList<ToolAccessRule> access)
    {
        Version = version;
        Tools = tools;
        Access = access;
        ToolSet = new ToolSet(version, tools.Values.OrderBy(t => t.Definition.Name, StringComparer.Ordinal)
            .Select(t => new RegisteredTool(t.Api.Id, t.Definition)).ToList())
        {
            ForwardHeaders = tools.Values.Select(t => t.Api).DistinctBy(a => a.Id).Where(a => a.Options.ForwardHeaders.Count > 0)
                .ToDictionary(a => a.Id, a => a.Options.ForwardHeaders, StringComparer.Ordinal),
            Access = access,
        };
    }

    public long Version { get; }

    public FrozenDictionary<string, CatalogTool> Tools { get; }

    public ToolSet ToolSet { get; }

    /// <summary>Which principals may call which tools (API keys are never restricted).</summary>
    public IReadOnlyList<ToolAccessRule> Access { get; }

    public static ToolCatalog Build(RegistryState state)
    {
        var tools = new Dictionary<string, CatalogTool>(StringComparer.Ordinal);
        foreach (var api in state.Apis.Values)
        {
            var target = UpstreamTarget.From(api);
            foreach (var tool in api.Tools)
            {
                tools[tool.Name] = new CatalogTool(target, tool);
            }
        }

        return new ToolCatalog(state.Version, tools.ToFrozenDictionary(StringComparer.Ordinal), state.Access.ToList());
    }
}

/// <summary>Where and how an API is called.</summary>
public sealed record UpstreamTarget(string Id, Uri BaseUrl, ApiOptions Options)
{
    public static UpstreamTarget From(StoredApi api) => new(api.Id, new Uri(api.BaseUrl, UriKind.Absolute), api.Options);
}

/// <summary>One tool ready to be called; its argument schema is compiled once, on first use.</summary>
public sealed class CatalogTool(UpstreamTarget api, ToolDefinition definition)
{
    private JsonSchema? inputSchema;

    public UpstreamTarget Api { get; } = api;

    public ToolDefinition Definition { get; } = definition;

    // A registry of its own: the default one is process-wide and keeps every schema ever built, so catalogs
    // rebuilt on each registry change would never leave memory.
    public JsonSchema InputSchema => inputSchema ??= JsonSchema.FromText(Definition.InputSchema, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
}
