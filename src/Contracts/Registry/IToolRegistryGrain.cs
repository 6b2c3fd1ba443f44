using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.RateLimiting;

namespace McpPlatform.Contracts.Registry;

/// <summary>A tenant's registered APIs and the tools generated from them. Key: tenant id.</summary>
public interface IToolRegistryGrain : IGrainWithStringKey
{
    /// <summary>Registers or replaces an API: fetches/parses its document and rebuilds its tools.</summary>
    Task<ApiRegistrationOutcome> PutApiAsync(string apiId, ApiRegistrationRequest request);

    /// <summary>Re-fetches the API's document URL and rebuilds its tools.</summary>
    Task<ApiRegistrationOutcome> RefreshApiAsync(string apiId);

    Task<IReadOnlyList<ApiSummary>> ListApisAsync();

    Task<ApiSummary?> GetApiAsync(string apiId);

    Task<bool> DeleteApiAsync(string apiId);

    /// <summary>Rebuilds every API's tools from its stored document with a new tool-name limit (tenant setting changed).</summary>
    Task<ApiRegistrationOutcome> RebuildAllAsync(int? maxToolNameLength);

    /// <summary>Removes every API and the access rules (the tenant is being deleted).</summary>
    Task ClearAsync();

    /// <summary>
    /// The tenant's own rate limits changed (null: none set). The registry asks the rate-limit grain on each call only
    /// while some budget, the tenant's or the operator's default, counts tool calls.
    /// </summary>
    [AlwaysInterleave]
    Task ApplyRateLimitsAsync(TenantRateLimits? own);

    /// <summary>
    /// The tenant's tool access rules changed. Kept with the tools (so a list and the rules it is filtered by share one
    /// version) and announced like any tool change: agents' lists may have changed.
    /// </summary>
    Task ApplyAccessRulesAsync(IReadOnlyList<ToolAccessRule> rules);

    /// <summary>The tool set, or null when the caller already holds <paramref name="knownVersion"/>.</summary>
    [AlwaysInterleave]
    [ResponseTimeout(ToolCallDeadlines.ToolListResponseTimeout)]
    Task<ToolSet?> GetToolsAsync(long knownVersion);

    /// <summary>Validates the arguments and calls the upstream API. Runs interleaved: calls never queue behind each other.</summary>
    [AlwaysInterleave]
    [ResponseTimeout(ToolCallDeadlines.CallResponseTimeout)]
    /// <param name="cancellationToken">Cancelled when the agent cancels the call; the upstream request is aborted.</param>
    Task<ToolCallResult> CallToolAsync(ToolCallRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether this activation is running the call named <paramref name="callId"/> (<see cref="ToolCallRequest.CallId"/>).
    /// False from a new activation: the silo that ran the call is gone.
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout(ToolCallDeadlines.WatchResponseTimeout)]
    Task<bool> IsCallRunningAsync(string callId);
}
