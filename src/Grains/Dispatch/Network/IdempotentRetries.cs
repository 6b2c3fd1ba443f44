using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace McpPlatform.Grains.Dispatch.Network;

/// <summary>
/// Which upstream calls are retried: only those that are safe to repeat (GET, HEAD, PUT, DELETE, OPTIONS, TRACE, or any
/// request carrying an <c>Idempotency-Key</c>), and only when the failure says the call may not have happened or the
/// API is briefly unavailable: a connection failure, or 502/503/504. A POST without a key is never sent twice.
/// </summary>
public static class IdempotentRetries
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static HttpRetryStrategyOptions Options(UpstreamOptions settings) => new()
    {
        MaxRetryAttempts = settings.MaxRetries,
        Delay = TimeSpan.FromMilliseconds(settings.RetryBaseDelayMilliseconds),
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        // A long Retry-After would outlast the call's timeout; the agent is better told at once.
        ShouldRetryAfterHeader = false,
        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
    };

    public static bool IsRepeatable(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Put
        || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Options || request.Method == HttpMethod.Trace
        || request.Headers.Contains(IdempotencyKeyHeader);

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        if (request is null || !IsRepeatable(request))
        {
            return false;
        }

        if (outcome.Result is { } response)
        {
            return response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
        }

        return outcome.Exception switch
        {
            HttpRequestException failure => IsDroppedConnection(failure) && UpstreamAddressRefusedException.Find(failure) is null,
            // A connection reset the moment it opens can escape HttpClient unwrapped.
            System.Net.Sockets.SocketException => true,
            _ => false,
        };
    }

    // A reset can surface as a failed connect, an ended response, or (when it hits the request's write) a plain I/O
    // error that the handler does not classify.
    private static bool IsDroppedConnection(HttpRequestException failure) => failure.HttpRequestError switch
    {
        HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded => true,
        HttpRequestError.Unknown => failure.InnerException is IOException or System.Net.Sockets.SocketException,
        _ => false,
    };
}
