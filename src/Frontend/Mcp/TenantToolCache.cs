using System.Collections.Concurrent;
using System.Text.Json;
using McpPlatform.Contracts.Registry;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// A frontend's copy of each tenant's tool list, as MCP <see cref="Tool"/> objects. Asks the registry grain
/// only whether its version is current, so a <c>tools/list</c> costs no schema parsing or large transfer.
/// Any frontend can rebuild it: it is a cache, not state.
/// </summary>
public sealed class TenantToolCache(IClusterClient cluster)
{
    private readonly ConcurrentDictionary<string, TenantTools> tenants = new(StringComparer.Ordinal);

    public async Task<TenantTools> GetAsync(string tenantId)
    {
        tenants.TryGetValue(tenantId, out var current);
        var changed = await cluster.GetGrain<IToolRegistryGrain>(tenantId).GetToolsAsync(current?.Version ?? -1);
        if (changed is null)
        {
            return current!;
        }

        var built = TenantTools.Build(changed);
        tenants[tenantId] = built;
        return built;
    }
}

public sealed class TenantTools
{
    private TenantTools(long version, IReadOnlyList<RegisteredTool> registered, IList<Tool> tools)
    {
        Version = version;
        Registered = registered;
        McpTools = tools;
    }

    public long Version { get; }

    public IReadOnlyList<RegisteredTool> Registered { get; }

    /// <summary>Ready to return from <c>tools/list</c>.</summary>
    public IList<Tool> McpTools { get; }

    public static TenantTools Build(ToolSet set)
    {
        var tools = set.Tools.Select(t => ToMcpTool(t)).ToList();
        return new TenantTools(set.Version, set.Tools, tools);
    }

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
