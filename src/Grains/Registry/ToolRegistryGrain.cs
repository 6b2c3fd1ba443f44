using System.Collections.Concurrent;
using System.Text.Json;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Notifications;
using McpPlatform.Contracts.RateLimiting;
using McpPlatform.Contracts.Registry;
using McpPlatform.Contracts.Tenants;
using McpPlatform.Grains.RateLimiting;
using McpPlatform.Grains.Credentials;
using McpPlatform.Grains.Dispatch;
using McpPlatform.Grains.Hosting;
using McpPlatform.Grains.Results;
using McpPlatform.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace McpPlatform.Grains.Registry;

public sealed partial class ToolRegistryGrain(
    [PersistentState("tool-registry", StorageNames.Platform)] IPersistentState<RegistryState> state,
    DocumentFetcher fetcher,
    ApiBuilder builder,
    UpstreamDispatcher dispatcher,
    LargeResponseLinks largeResponses,
    ApiCredentialSealer credentials,
    ToolCallGuards guards,
    ToolCallRateLimits rateLimits,
    ToolCallRecorder recorder,
    ILogger<ToolRegistryGrain> logger) : Grain, IToolRegistryGrain
{
    /// <summary>A call without arguments is validated and bound as an empty object.</summary>
    private static readonly JsonElement NoArguments = JsonDocument.Parse("{}").RootElement.Clone();

    private ToolCatalog catalog = ToolCatalog.Empty;

    /// <summary>Ids of the calls running in this activation, for frontends watching a long call (<see cref="IsCallRunningAsync"/>).</summary>
    private readonly ConcurrentDictionary<string, byte> runningCalls = new(StringComparer.Ordinal);

    /// <summary>Whether calls must ask the rate-limit grain; learnt on activation, then told by the tenant grain.</summary>
    private bool callsLimited = true;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // After a key rotation, secrets move to the current key as each tenant's registry wakes up.
        if (credentials.ResealWithCurrentKey(this.GetPrimaryKeyString(), state.State))
        {
            await state.WriteStateAsync(cancellationToken);
        }

        catalog = ToolCatalog.Build(state.State);
        var own = await GrainFactory.GetGrain<ITenantGrain>(this.GetPrimaryKeyString()).GetRateLimitsAsync();
        callsLimited = rateLimits.LimitsToolCalls(own);
    }

    public Task ApplyRateLimitsAsync(TenantRateLimits? own)
    {
        callsLimited = rateLimits.LimitsToolCalls(own);
        return Task.CompletedTask;
    }

    public async Task ApplyAccessRulesAsync(IReadOnlyList<ToolAccessRule> rules)
    {
        // The tenant grain tells on every settings change; only a real change should send agents re-listing.
        if (AccessRules.Same(state.State.Access, rules))
        {
            return;
        }

        var next = CopyState();
        next.Access = rules.ToList();
        await CommitAsync(next);
    }

    public async Task<ApiRegistrationOutcome> PutApiAsync(string apiId, ApiRegistrationRequest request)
    {
        var (options, invalid) = credentials.Prepare(this.GetPrimaryKeyString(), apiId, request.Options, state.State.Apis.GetValueOrDefault(apiId));
        if (options is null)
        {
            return new() { Status = RegistrationStatus.InvalidOptions, Error = invalid };
        }

        var document = request.OpenApiDocument;
        if (document is null)
        {
            var fetched = await fetcher.FetchAsync(request.OpenApiUrl ?? "");
            if (fetched.Error is not null)
            {
                return new() { Status = RegistrationStatus.FetchFailed, Error = fetched.Error };
            }

            document = fetched.Text!;
        }

        var source = new ApiSource(apiId, request.OpenApiDocument is null ? request.OpenApiUrl : null, document, request.BaseUrl, options);
        return await BuildAndCommitAsync([source], state.State.MaxToolNameLength);
    }

    public async Task<ApiRegistrationOutcome> RefreshApiAsync(string apiId)
    {
        if (!state.State.Apis.TryGetValue(apiId, out var existing))
        {
            return new() { Status = RegistrationStatus.NotFound, Error = $"API '{apiId}' is not registered." };
        }

        if (existing.OpenApiUrl is null)
        {
            return new()
            {
                Status = RegistrationStatus.NotRefreshable,
                Error = $"API '{apiId}' was registered with an inline document; register it again with PUT to change it.",
            };
        }

        var fetched = await fetcher.FetchAsync(existing.OpenApiUrl);
        if (fetched.Error is not null)
        {
            return new() { Status = RegistrationStatus.FetchFailed, Error = fetched.Error };
        }

        return await BuildAndCommitAsync([ApiSource.From(existing) with { DocumentText = fetched.Text! }], state.State.MaxToolNameLength);
    }

    public async Task<ApiRegistrationOutcome> RebuildAllAsync(int? maxToolNameLength)
    {
        if (state.State.Apis.Count == 0)
        {
            if (state.State.MaxToolNameLength != maxToolNameLength)
            {
                state.State.MaxToolNameLength = maxToolNameLength;
                await state.WriteStateAsync();
            }

            return new() { Status = RegistrationStatus.Updated };
        }

        return await BuildAndCommitAsync(state.State.Apis.Values.Select(ApiSource.From).ToList(), maxToolNameLength);
    }

    public Task<IReadOnlyList<ApiSummary>> ListApisAsync() =>
        Task.FromResult<IReadOnlyList<ApiSummary>>(state.State.Apis.Values.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => a.ToSummary()).ToList());

    public Task<ApiSummary?> GetApiAsync(string apiId) =>
        Task.FromResult(state.State.Apis.GetValueOrDefault(apiId)?.ToSummary());

    public async Task<bool> DeleteApiAsync(string apiId)
    {
        if (!state.State.Apis.ContainsKey(apiId))
        {
            return false;
        }

        var next = CopyState();
        next.Apis.Remove(apiId);
        await CommitAsync(next);
        return true;
    }

    public async Task ClearAsync()
    {
        // Access rules go too: they are the tenant's, and a tenant created again under this id starts without them.
        // Keep the version moving forward so no cache mistakes an empty registry for an old one.
        await CommitAsync(new RegistryState { Version = state.State.Version });
    }

    public Task<ToolSet?> GetToolsAsync(long knownVersion)
    {
        var current = catalog;
        return Task.FromResult(current.Version == knownVersion ? null : current.ToolSet);
    }

    public async Task<ToolCallResult> CallToolAsync(ToolCallRequest request, CancellationToken cancellationToken = default)
    {
        // Every call, whichever way it ends, leaves a span, upstream timings and an audit record.
        using var recording = recorder.Start(this.GetPrimaryKeyString(), request, catalog.Tools.GetValueOrDefault(request.ToolName)?.Api.Id, cancellationToken);
        if (request.CallId is { } callId)
        {
            runningCalls[callId] = 0;
        }

        try
        {
            var result = await RunToolCallAsync(request, cancellationToken);
            if (result.Replayed)
            {
                recording.MarkIdempotentReplay();
            }

            return recording.Finish(result);
        }
        finally
        {
            if (request.CallId is { } finished)
            {
                runningCalls.TryRemove(finished, out _);
            }
        }
    }

    public Task<bool> IsCallRunningAsync(string callId) => Task.FromResult(runningCalls.ContainsKey(callId));

    private async Task<ToolCallResult> RunToolCallAsync(ToolCallRequest request, CancellationToken cancellationToken)
    {
        // One catalog for the whole call: the tool and the rules it is checked against belong to the same version.
        var current = catalog;
        if (!current.Tools.TryGetValue(request.ToolName, out var tool))
        {
            return ToolCallResult.Error(ToolCallOutcome.UnknownTool, $"Unknown tool '{request.ToolName}'.");
        }

        // Before the arguments are looked at: a principal kept from the tool learns nothing about its schema.
        if (AccessRules.Refuse(current.Access, request.Caller, tool.Api.Id, request.ToolName) is { } forbidden)
        {
            return forbidden;
        }

        using var parsed = request.ArgumentsJson.Length == 0 ? null : JsonDocument.Parse(request.ArgumentsJson);
        var arguments = parsed?.RootElement ?? NoArguments;
        if (ArgumentValidator.Validate(tool.InputSchema, arguments) is { } problems)
        {
            return ToolCallResult.Error(ToolCallOutcome.InvalidArguments, problems);
        }

        var tenant = this.GetPrimaryKeyString();
        // Large results are linked inside the guarded call, so an idempotent replay returns the same link.
        return await guards.RunAsync(tenant, callsLimited, tool, request, arguments,
            async (idempotencyKey, token) => await largeResponses.LinkIfLargeAsync(tenant, tool,
                await dispatcher.CallAsync(tool, arguments, new UpstreamCallContext(tenant, request), token, idempotencyKey)),
            cancellationToken);
    }

    /// <summary>Converts the given APIs, checks names across the whole tenant, then writes all of it at once or nothing.</summary>
    private async Task<ApiRegistrationOutcome> BuildAndCommitAsync(IReadOnlyList<ApiSource> sources, int? maxToolNameLength)
    {
        var built = new List<StoredApi>(sources.Count);
        foreach (var source in sources)
        {
            var existing = state.State.Apis.GetValueOrDefault(source.Id);
            var result = await builder.BuildCheckedAsync(source, existing, maxToolNameLength);
            if (result.Api is null)
            {
                return result.Failure!;
            }

            built.Add(result.Api);
        }

        var next = CopyState();
        next.MaxToolNameLength = maxToolNameLength;
        foreach (var api in built)
        {
            next.Apis[api.Id] = api;
        }

        if (ToolNameConflicts.Find(next, built.Select(a => a.Id).ToHashSet(StringComparer.Ordinal)) is { Count: > 0 } conflicts)
        {
            return new()
            {
                Status = RegistrationStatus.ToolNameConflict,
                Error = $"{conflicts.Count} tool name(s) would be used by more than one API of this tenant; set 'toolPrefix' or exclude them.",
                ConflictingTools = conflicts,
            };
        }

        var created = built.Count == 1 && !state.State.Apis.ContainsKey(built[0].Id);
        await CommitAsync(next);
        var last = built[^1];
        return new()
        {
            Status = created ? RegistrationStatus.Created : RegistrationStatus.Updated,
            Api = last.ToSummary(),
            Warnings = last.Warnings,
        };
    }

    /// <summary>Writes a new state; memory changes only after the write succeeded.</summary>
    private async Task CommitAsync(RegistryState next)
    {
        next.Version = state.State.Version + 1;
        await state.ReplaceAsync(next);

        catalog = ToolCatalog.Build(next);

        // Open sessions of this tenant, on every frontend, learn that the tool list changed. The change is already
        // stored: a failed notification must not turn it into a failed registration (clients re-list on reconnect).
        try
        {
            await GrainFactory.GetGrain<IFrontendDirectoryGrain>(IFrontendDirectoryGrain.SingletonKey)
                .PublishToolsChangedAsync(this.GetPrimaryKeyString(), next.Version);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogNotifyFailed(logger, this.GetPrimaryKeyString(), e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId}: could not announce a tool-list change: {Reason}")]
    private static partial void LogNotifyFailed(ILogger logger, string tenantId, string reason);

    private RegistryState CopyState() => new()
    {
        Version = state.State.Version,
        MaxToolNameLength = state.State.MaxToolNameLength,
        Apis = new Dictionary<string, StoredApi>(state.State.Apis, StringComparer.Ordinal),
        Access = state.State.Access,
    };
}
