using System.Text.Json;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Registry;
using McpPlatform.Grains.Dispatch;
using McpPlatform.Grains.Hosting;
using McpPlatform.OpenApi;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Registry;

public sealed class ToolRegistryGrain(
    [PersistentState("tool-registry", StorageNames.Platform)] IPersistentState<RegistryState> state,
    DocumentFetcher fetcher,
    UpstreamDispatcher dispatcher,
    IOptions<UpstreamOptions> upstreamOptions,
    TimeProvider clock) : Grain, IToolRegistryGrain
{
    private ToolCatalog catalog = ToolCatalog.Empty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        catalog = ToolCatalog.Build(state.State);
        return Task.CompletedTask;
    }

    public async Task<ApiRegistrationOutcome> PutApiAsync(string apiId, ApiRegistrationRequest request)
    {
        var existing = state.State.Apis.GetValueOrDefault(apiId);
        var outcome = await BuildAsync(apiId, request.OpenApiUrl, request.OpenApiDocument, request.BaseUrl, request.Options, existing);
        return outcome.Api is null ? outcome.Outcome : await CommitAsync(outcome.Api, existing is null, outcome.Outcome);
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

        var outcome = await BuildAsync(apiId, existing.OpenApiUrl, null, existing.RequestedBaseUrl, existing.Options, existing);
        return outcome.Api is null ? outcome.Outcome : await CommitAsync(outcome.Api, created: false, outcome.Outcome);
    }

    public Task<IReadOnlyList<ApiSummary>> ListApisAsync() =>
        Task.FromResult<IReadOnlyList<ApiSummary>>(state.State.Apis.Values.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => a.ToSummary()).ToList());

    public Task<ApiSummary?> GetApiAsync(string apiId) =>
        Task.FromResult(state.State.Apis.GetValueOrDefault(apiId)?.ToSummary());

    public async Task<bool> DeleteApiAsync(string apiId)
    {
        if (!state.State.Apis.Remove(apiId, out var removed))
        {
            return false;
        }

        state.State.Version++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Apis[apiId] = removed;
            state.State.Version--;
            throw;
        }

        catalog = ToolCatalog.Build(state.State);
        return true;
    }

    public async Task ClearAsync()
    {
        if (state.State.Apis.Count == 0)
        {
            return;
        }

        // Keep the version moving forward so no cache mistakes an empty registry for an old one.
        state.State = new RegistryState { Version = state.State.Version + 1 };
        await state.WriteStateAsync();
        catalog = ToolCatalog.Build(state.State);
    }

    public Task<ToolSet?> GetToolsAsync(long knownVersion)
    {
        var current = catalog;
        return Task.FromResult(current.Version == knownVersion ? null : current.ToolSet);
    }

    public async Task<ToolCallResult> CallToolAsync(ToolCallRequest request)
    {
        if (!catalog.Tools.TryGetValue(request.ToolName, out var tool))
        {
            return ToolCallResult.Error(ToolCallOutcome.UnknownTool, $"Unknown tool '{request.ToolName}'.");
        }

        using var arguments = request.ArgumentsJson.Length == 0
            ? JsonDocument.Parse("{}")
            : JsonDocument.Parse(request.ArgumentsJson);
        if (ArgumentValidator.Validate(tool.InputSchema, arguments.RootElement) is { } problems)
        {
            return ToolCallResult.Error(ToolCallOutcome.InvalidArguments, problems);
        }

        return await dispatcher.CallAsync(tool, arguments.RootElement, CancellationToken.None);
    }

    private async Task<(StoredApi? Api, ApiRegistrationOutcome Outcome)> BuildAsync(
        string apiId, string? url, string? inlineDocument, string? requestedBaseUrl, ApiOptions options, StoredApi? existing)
    {
        string? text = inlineDocument;
        if (text is null)
        {
            if (url is null)
            {
                return (null, Invalid("Give either 'openApiUrl' or 'openApi'."));
            }

            var fetched = await fetcher.FetchAsync(url);
            if (fetched.Error is not null)
            {
                return (null, new() { Status = RegistrationStatus.FetchFailed, Error = fetched.Error });
            }

            text = fetched.Text!;
        }

        if (text.Length > upstreamOptions.Value.MaxDocumentBytes)
        {
            return (null, Invalid($"The document is larger than {upstreamOptions.Value.MaxDocumentBytes} bytes."));
        }

        ConversionResult converted;
        try
        {
            // Conversion is CPU work on up to megabytes of text: keep it off the grain scheduler.
            var conversionOptions = new ConversionOptions
            {
                IncludeOperations = options.IncludeOperations,
                ExcludeOperations = options.ExcludeOperations,
                IncludeTags = options.IncludeTags,
                ExcludeTags = options.ExcludeTags,
                ToolPrefix = options.ToolPrefix,
            };
            converted = await Task.Run(() => OpenApiConverter.Convert(text, conversionOptions));
        }
        catch (OpenApiDocumentException e)
        {
            return (null, new() { Status = RegistrationStatus.InvalidDocument, Error = e.Message, Errors = e.Errors });
        }

        var baseUrl = ResolveBaseUrl(requestedBaseUrl, converted.ServerUrl, url);
        if (baseUrl is null)
        {
            return (null, Invalid(requestedBaseUrl is not null
                ? $"baseUrl '{requestedBaseUrl}' is not an absolute http(s) URL."
                : "The document names no absolute server URL; give 'baseUrl'."));
        }

        var names = converted.Tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var conflicts = state.State.Apis.Values
            .Where(a => a.Id != apiId)
            .SelectMany(a => a.Tools.Where(t => names.Contains(t.Name)).Select(t => $"{t.Name} (API '{a.Id}')"))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (conflicts.Count > 0)
        {
            return (null, new()
            {
                Status = RegistrationStatus.ToolNameConflict,
                Error = $"{conflicts.Count} tool name(s) are already used by other APIs of this tenant; set 'toolPrefix' or exclude them.",
                ConflictingTools = conflicts,
            });
        }

        var now = clock.GetUtcNow();
        var api = new StoredApi
        {
            Id = apiId,
            OpenApiUrl = inlineDocument is null ? url : null,
            InlineDocument = inlineDocument,
            RequestedBaseUrl = requestedBaseUrl,
            BaseUrl = baseUrl,
            Title = converted.Title,
            Options = options,
            Version = (existing?.Version ?? 0) + 1,
            Tools = converted.Tools.ToList(),
            Warnings = converted.Warnings.ToList(),
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
        };
        return (api, new() { Status = existing is null ? RegistrationStatus.Created : RegistrationStatus.Updated });
    }

    private async Task<ApiRegistrationOutcome> CommitAsync(StoredApi api, bool created, ApiRegistrationOutcome outcome)
    {
        var previous = state.State.Apis.GetValueOrDefault(api.Id);
        state.State.Apis[api.Id] = api;
        state.State.Version++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            if (previous is null)
            {
                state.State.Apis.Remove(api.Id);
            }
            else
            {
                state.State.Apis[api.Id] = previous;
            }

            state.State.Version--;
            throw;
        }

        catalog = ToolCatalog.Build(state.State);
        return outcome with
        {
            Status = created ? RegistrationStatus.Created : RegistrationStatus.Updated,
            Api = api.ToSummary(),
            Warnings = api.Warnings,
        };
    }

    private static string? ResolveBaseUrl(string? requested, string? serverUrl, string? documentUrl)
    {
        var candidate = requested ?? serverUrl;
        if (candidate is null)
        {
            return null;
        }

        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var absolute))
        {
            // A relative server URL ("/api") is relative to where the document was fetched from.
            if (requested is not null || documentUrl is null || !Uri.TryCreate(new Uri(documentUrl), candidate, out absolute))
            {
                return null;
            }
        }

        return absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps ? absolute.ToString().TrimEnd('/') : null;
    }

    private static ApiRegistrationOutcome Invalid(string error) => new() { Status = RegistrationStatus.InvalidDocument, Error = error };
}
