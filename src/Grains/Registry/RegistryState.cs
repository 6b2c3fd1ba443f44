using McpPlatform.Contracts.Registry;
using McpPlatform.OpenApi.Model;

namespace McpPlatform.Grains.Registry;

/// <summary>Persisted state of a tenant's tool registry.</summary>
public sealed class RegistryState
{
    /// <summary>Bumped on every change to any API, so caches of the tool set know when to refresh.</summary>
    public long Version { get; set; }

    /// <summary>The tenant's tool-name limit, kept here so it is applied atomically with the tools it shapes.</summary>
    public int? MaxToolNameLength { get; set; }

    public Dictionary<string, StoredApi> Apis { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The tenant's tool access rules, kept with the tools so a list and the rules that filter it share one version.</summary>
    public List<ToolAccessRule> Access { get; set; } = [];
}

public sealed class StoredApi
{
    public string Id { get; set; } = "";
    public string? OpenApiUrl { get; set; }
    /// <summary>The document the tools were built from (inline, or as last fetched from <see cref="OpenApiUrl"/>), so tools can be rebuilt without a fetch.</summary>
    public string DocumentText { get; set; } = "";
    /// <summary>The base URL the tenant gave, if any (otherwise taken from the document on every rebuild).</summary>
    public string? RequestedBaseUrl { get; set; }
    public string BaseUrl { get; set; } = "";
    public string? Title { get; set; }
    public ApiOptions Options { get; set; } = new();
    public long Version { get; set; }
    public List<ToolDefinition> Tools { get; set; } = [];
    public List<string> Warnings { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public ApiSummary ToSummary() => new()
    {
        Id = Id,
        OpenApiUrl = OpenApiUrl,
        BaseUrl = BaseUrl,
        Title = Title,
        Version = Version,
        Tools = Tools.Select(t => t.Name).ToList(),
        Warnings = Warnings,
        Options = Options with { Auth = Options.Auth?.WithoutSecrets() },
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
    };
}
