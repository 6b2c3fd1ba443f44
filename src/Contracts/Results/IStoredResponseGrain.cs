namespace McpPlatform.Contracts.Results;

/// <summary>
/// One large upstream response, kept for a limited time so an agent can read it through a link instead of receiving
/// it inline. Key: a random id (the link's last segment). Readable only through its own tenant.
/// </summary>
public interface IStoredResponseGrain : IGrainWithStringKey
{
    /// <returns>False when the id is taken (ids are random; a clash is refused, never overwritten).</returns>
    Task<bool> StoreAsync(StoredResponse response);

    /// <summary>The response, or null when it does not exist, has expired or belongs to another tenant.</summary>
    Task<StoredResponse?> ReadAsync(string tenantId);
}

[GenerateSerializer, Immutable]
public sealed record StoredResponse
{
    [Id(0)] public required string TenantId { get; init; }
    [Id(1)] public required string MediaType { get; init; }
    [Id(2)] public required byte[] Body { get; init; }
    [Id(3)] public required DateTimeOffset ExpiresAt { get; init; }
    /// <summary>The tool whose call produced it, for the link's name.</summary>
    [Id(4)] public string? ToolName { get; init; }
}
