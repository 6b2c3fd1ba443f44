using System.Collections.Concurrent;
using System.Text.Json;
using McpPlatform.Contracts.Registry;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Frontend.Mcp;

/// <summary>One principal's list of a tenant's tools, with each page's JSON kept once written.</summary>
public sealed class ToolListView(IList<Tool> tools)
{
    /// <summary>Each page's tools as JSON, by page size and first index; written on a page's first request.</summary>
    private readonly ConcurrentDictionary<(int PageSize, int Start), JsonElement> pageJson = new();

    /// <summary>Ready to return from <c>tools/list</c>.</summary>
    public IList<Tool> McpTools { get; } = tools;

    /// <summary>The JSON array of the page's tools, serialized once for this version of the list.</summary>
    public JsonElement PageJson(ToolPageRange range, int pageSize) =>
        pageJson.GetOrAdd((pageSize, range.Start), static (_, state) => ToolPageJson.Serialize(state.Tools, state.Range), (Tools: McpTools, Range: range));
}

/// <summary>
/// A frontend's copy of each tenant's tool list, as MCP <see cref="Tool"/> objects. Asks the registry grain
/// only whether its version is current, so a <c>tools/list</c> costs no schema parsing or large transfer.
/// Any frontend can rebuild it: it is a cache, not state.
/// </summary>
public sealed class TenantToolCache(IClusterClient cluster, TimeProvider clock)
{
    /// <summary>How long a copy is trusted without asking the grain, when no change was announced meanwhile.</summary>
    private static readonly TimeSpan TrustFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, TenantTools> tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Version, DateTimeOffset CheckedAt)> checkedVersions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> announced = new(StringComparer.Ordinal);

    // Orleans resolves the interface type by reflection on every GetGrain; a reference per tenant is made once.
    private readonly ConcurrentDictionary<string, IToolRegistryGrain> registries = new(StringComparer.Ordinal);

    /// <summary>The tenant's registry grain.</summary>
    public IToolRegistryGrain RegistryOf(string tenantId) => registries.GetOrAdd(tenantId, static (id, cluster) => cluster.GetGrain<IToolRegistryGrain>(id), cluster);

    public async Task<TenantTools> GetAsync(string tenantId)
    {
        tenants.TryGetValue(tenantId, out var current);
        var now = clock.GetUtcNow();
        var changed = await RegistryOf(tenantId).GetToolsAsync(current?.Version ?? -1);
        if (changed is null)
        {
            checkedVersions[tenantId] = (current!.Version, now);
            return current!;
        }

        var built = TenantTools.Build(changed);
        tenants[tenantId] = built;
        checkedVersions[tenantId] = (built.Version, now);
        return built;
    }

    /// <summary>
    /// The headers a call of <paramref name="toolName"/> may pass upstream, from this frontend's copy when no change has
    /// been announced since it was checked (and it is recent), so a tool call usually costs no extra grain call. The
    /// registry applies its own current list again, so an old copy can only miss a header that was just allowed.
    /// </summary>
    public async ValueTask<IReadOnlyList<string>> ForwardHeadersOfAsync(string tenantId, string toolName)
    {
        var trusted = tenants.TryGetValue(tenantId, out var current)
            && checkedVersions.TryGetValue(tenantId, out var check) && check.Version == current.Version
            && clock.GetUtcNow() - check.CheckedAt < TrustFor
            && announced.GetValueOrDefault(tenantId, -1) <= current.Version;
        return (trusted ? current! : await GetAsync(tenantId)).ForwardHeadersOf(toolName);
    }

    /// <summary>A change announced by the cluster: the next look at this tenant asks the grain.</summary>
    public void ToolsChanged(string tenantId, long version) =>
        announced.AddOrUpdate(tenantId, version, (_, known) => Math.Max(known, version));
}

public sealed class TenantTools
{
    private readonly Dictionary<string, IReadOnlyList<string>> forwardHeaders;
    private readonly IReadOnlyList<ToolAccessRule> access;

    /// <summary>Lists of restricted principals, by which of the rules they pass (principals passing the same rules see the same list).</summary>
    private readonly ConcurrentDictionary<string, ToolListView> restricted = new(StringComparer.Ordinal);

    private TenantTools(long version, IReadOnlyList<RegisteredTool> registered, IList<Tool> tools, Dictionary<string, IReadOnlyList<string>> forwardHeaders, IReadOnlyList<ToolAccessRule> access)
    {
        Version = version;
        Registered = registered;
        All = new ToolListView(tools);
        this.forwardHeaders = forwardHeaders;
        this.access = access;
    }

    public long Version { get; }

    public IReadOnlyList<RegisteredTool> Registered { get; }

    /// <summary>Every tool, as keys (and principals no rule restricts) see them.</summary>
    public ToolListView All { get; }

    public static TenantTools Build(ToolSet set)
    {
        var tools = set.Tools.Select(t => ToMcpTool(t)).ToList();
        var forwardHeaders = set.Tools.Where(t => set.ForwardHeaders.ContainsKey(t.ApiId))
            .ToDictionary(t => t.Definition.Name, t => set.ForwardHeaders[t.ApiId], StringComparer.Ordinal);
        return new TenantTools(set.Version, set.Tools, tools, forwardHeaders, set.Access);
    }

    /// <summary>The tools <paramref name="caller"/> may call under the tenant's access rules (null: a key, which sees all).</summary>
    public ToolListView For(ToolCaller? caller)
    {
        if (caller is null || access.Count == 0)
        {
            return All;
        }

        var passed = string.Create(access.Count, (access, caller), static (bits, state) =>
        {
            for (var i = 0; i < bits.Length; i++)
            {
                bits[i] = state.access[i].IsSatisfiedBy(state.caller) ? '1' : '0';
            }
        });
        return restricted.GetOrAdd(passed, static (_, state) => new ToolListView(state.Self.Visible(state.Caller)), (Self: this, Caller: caller));
    }

    private List<Tool> Visible(ToolCaller caller)
    {
        var visible = new List<Tool>(Registered.Count);
        for (var i = 0; i < Registered.Count; i++)
        {
            if (ToolAccess.Allows(access, caller, Registered[i].ApiId, Registered[i].Definition.Name))
            {
                visible.Add(All.McpTools[i]);
            }
        }

        return visible;
    }

    /// <summary>Headers of the agent's request that the tool's API forwards upstream (usually none).</summary>
    public IReadOnlyList<string> ForwardHeadersOf(string toolName) => forwardHeaders.GetValueOrDefault(toolName) ?? [];

    private static Tool ToMcpTool(RegisteredTool registered)
    {
        var definition = registered.Definition;
        return new Tool
        {
            Name = definition.Name,
            Title = definition.Title,
            Description = definition.Description,
            InputSchema = ParseSchema(definition.InputSchema),
            OutputSchema = definition.OutputSchema is null ? null : ParseSchema(definition.OutputSchema),
            Annotations = new ToolAnnotations
            {
                Title = definition.Title,
                ReadOnlyHint = definition.Hints.ReadOnly,
                DestructiveHint = definition.Hints.Destructive,
                IdempotentHint = definition.Hints.Idempotent,
                OpenWorldHint = definition.Hints.OpenWorld,
            },
        };
    }

    private static JsonElement ParseSchema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
