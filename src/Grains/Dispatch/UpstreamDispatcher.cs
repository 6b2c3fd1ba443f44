using System.Net;
using System.Text.Json;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Grains.Credentials;
using McpPlatform.Grains.Dispatch.Network;
using McpPlatform.Contracts.Idempotency;
using McpPlatform.Grains.Registry;
using McpPlatform.OpenApi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Dispatch;

/// <summary>Sends one validated tool call to its upstream API and maps the answer.</summary>
public sealed partial class UpstreamDispatcher(
    IHttpClientFactory httpClients,
    UpstreamCredentials credentials,
    IOptions<UpstreamOptions> options,
    ILogger<UpstreamDispatcher> logger)
{
    /// <param name="idempotencyKey">Sent as <c>Idempotency-Key</c>, so an API that honours it deduplicates too.</param>
    public async Task<ToolCallResult> CallAsync(CatalogTool tool, JsonElement arguments, UpstreamCallContext call, CancellationToken cancellationToken, string? idempotencyKey = null)
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
            // Named before the credentials go on: an API key may ride in the query string, and messages must not show it.
            var requested = request.RequestUri!;
            var target = $"{request.Method} {requested}";
            foreach (var (name, value) in tool.Api.Options.Headers)
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }

            ForwardedHeaders.Apply(request, tool.Api.Options.ForwardHeaders, call.Request.ForwardedHeaders);

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
            using var activity = UpstreamActivity.EnsureCurrent();
            try
            {
                if (await credentials.ApplyAsync(request, call.TenantId, tool.Api, timeoutSource.Token) is { } unusable)
                {
                    return unusable;
                }

                using var response = await httpClients.CreateClient(HttpClientNames.Upstream)
                    .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    credentials.Rejected(call.TenantId, tool.Api);
                }

                if (SameOriginRedirects.Describe(requested, response, settings.MaxRedirects) is { } redirect)
                {
                    return ToolCallResult.Error(ToolCallOutcome.UpstreamRefused, redirect, (int)response.StatusCode);
                }

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
                    $"The API did not answer within {timeout.TotalSeconds:0} s ({target}). It may be overloaded; try again later.");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ToolCallResult.Error(ToolCallOutcome.UpstreamUnavailable, "The call was cancelled by the client; the API request was aborted.");
            }
            catch (HttpRequestException e) when (UpstreamAddressRefusedException.Find(e) is { } refused)
            {
                return ToolCallResult.Error(ToolCallOutcome.UpstreamRefused,
                    $"The platform refused to call this API ({target}): {refused.Message}. Nothing was sent; the tenant's admin should register an API address the platform may reach.");
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or IOException)
            {
                // A connection reset the moment it opens can escape HttpClient as a bare SocketException.
                LogUnreachable(logger, tool.Api.Id, e.Message);
                return ToolCallResult.Error(ToolCallOutcome.UpstreamUnavailable,
                    $"The API could not be reached ({target}): {e.Message}");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream API {ApiId} unreachable: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string apiId, string reason);
}
