using System.Diagnostics;
using McpPlatform.Contracts.Telemetry;

namespace McpPlatform.Grains.Telemetry;

/// <summary>
/// Times each HTTP attempt to a tenant's API (until its response headers), for the upstream latency histogram and the
/// call's audit record. Sits on the upstream <c>HttpClient</c>, so every attempt is measured however the dispatcher
/// sends (retries included).
/// </summary>
public sealed class UpstreamLatencyHandler : DelegatingHandler
{
    private const string MethodTag = "http.request.method";
    private const string StatusTag = "http.response.status_code";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            Record(request, started, new KeyValuePair<string, object?>(StatusTag, (int)response.StatusCode));
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // A timeout and the agent's cancellation look alike here (one linked token): both are the exception's type.
            Record(request, started, new KeyValuePair<string, object?>(PlatformTelemetry.ErrorTypeTag, e.GetType().FullName));
            throw;
        }
    }

    private static void Record(HttpRequestMessage request, long started, KeyValuePair<string, object?> result)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        var call = ToolCallRecording.Current;
        call?.AddUpstreamAttempt(elapsed);
        GrainTelemetry.UpstreamDuration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>(PlatformTelemetry.TenantTag, call?.TenantId),
            new KeyValuePair<string, object?>(PlatformTelemetry.ApiTag, call?.ApiId),
            new KeyValuePair<string, object?>(MethodTag, request.Method.Method),
            result);
    }
}
