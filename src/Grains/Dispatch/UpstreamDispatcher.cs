using System.Text.Json;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Idempotency;
using McpPlatform.Grains.Registry;
using McpPlatform.OpenApi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Dispatch;

/// <summary>Sends one validated tool call to its upstream API and maps the answer.</summary>
public sealed partial class UpstreamDispatcher(
    IHttpClientFactory httpClients,
    IOptions<UpstreamOptions> options,
    ILogger<UpstreamDispatcher> logger)
{
    /// <param name="idempotencyKey">Sent as <c>Idempotency-Key</c>, so an API that honours it deduplicates too.</param>
    public async Task<ToolCallResult> CallAsync(CatalogTool tool, JsonElement arguments, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        HttpRequestMessage request;
        try
        {
            request = UpstreamRequestBuilder.Build(tool.Definition.Binding, tool.Api.BaseUrl, arguments);
        }
        catch (ArgumentBindingException e)
        {
            return ToolCallResult.Error(ToolCallOutcome.InvalidArguments, $"Invalid arguments; nothing was sent to the API. {e.Message}");
        }

        using (request)
        {
            foreach (var (name, value) in tool.Api.Options.Headers)
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (idempotencyKey is not null)
            {
                // The platform's key wins over an argument of that name: repeats reach the API under the key they are stored under.
                request.Headers.Remove(IdempotencyKeys.HeaderName);
                request.Headers.TryAddWithoutValidation(IdempotencyKeys.HeaderName, idempotencyKey);
            }

            var settings = options.Value;
            var timeout = TimeSpan.FromSeconds(Math.Clamp(tool.Api.Options.TimeoutSeconds ?? settings.DefaultTimeoutSeconds, 1, settings.MaxTimeoutSeconds));
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                using var response = await httpClients.CreateClient(HttpClientNames.Upstream)
                    .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
                var body = await BoundedBody.ReadAsync(response.Content, settings.MaxResponseBytes, timeoutSource.Token);
                if (body is null)
                {
                    return ToolCallResult.Error(ToolCallOutcome.UpstreamError,
                        $"The API's response is larger than {settings.MaxResponseBytes} bytes, the most a tool result may carry.", (int)response.StatusCode);
                }

                return ResponseMapper.Map(response.StatusCode, response.Content.Headers.ContentType, body,
                    tool.Definition.Binding.ResponseWrapProperty, settings.ErrorExcerptChars);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return ToolCallResult.Error(ToolCallOutcome.UpstreamUnavailable,
                    $"The API did not answer within {timeout.TotalSeconds:0} s ({request.Method} {request.RequestUri}). It may be overloaded; try again later.");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ToolCallResult.Error(ToolCallOutcome.UpstreamUnavailable, "The call was cancelled by the client; the API request was aborted.");
            }
            catch (HttpRequestException e)
            {
                LogUnreachable(logger, tool.Api.Id, e.Message);
                return ToolCallResult.Error(ToolCallOutcome.UpstreamUnavailable,
                    $"The API could not be reached ({request.Method} {request.RequestUri}): {e.Message}");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream API {ApiId} unreachable: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string apiId, string reason);
}
