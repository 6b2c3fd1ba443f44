using System.Diagnostics;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Telemetry;

namespace McpPlatform.Frontend.Mcp;

/// <summary>One tool call being observed: <see cref="Finish"/> with its result, or dispose without one (cancelled, failed).</summary>
public sealed class ToolCallObservation(Activity? activity, string tenant, string tool, CancellationToken cancellationToken) : IDisposable
{
    private const string CancelledError = "cancelled";
    private const string FailedError = "exception";

    private readonly long started = Stopwatch.GetTimestamp();
    private bool finished;

    public void Finish(ToolCallResult result)
    {
        // A call the agent cancelled counts as cancelled even when a result (of the aborted upstream call) came back.
        var cancelled = cancellationToken.IsCancellationRequested;
        activity?.SetTag(PlatformTelemetry.UpstreamStatusTag, result.UpstreamStatus);
        Complete(cancelled ? PlatformTelemetry.CancelledOutcome : result.Outcome.ToString(),
            result.IsError ? PlatformTelemetry.ToolError : cancelled ? CancelledError : null);
    }

    public void Dispose()
    {
        if (!finished)
        {
            var cancelled = cancellationToken.IsCancellationRequested;
            Complete(cancelled ? PlatformTelemetry.CancelledOutcome : PlatformTelemetry.FailedOutcome, cancelled ? CancelledError : FailedError);
        }

        activity?.Dispose();
    }

    private void Complete(string outcome, string? errorType)
    {
        finished = true;
        var tags = new TagList
        {
            { PlatformTelemetry.TenantTag, tenant },
            { PlatformTelemetry.ToolNameTag, tool },
            { PlatformTelemetry.OutcomeTag, outcome },
        };
        ToolCallTelemetry.Calls.Add(1, tags);
        ToolCallTelemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        if (outcome != nameof(ToolCallOutcome.Success))
        {
            ToolCallTelemetry.Errors.Add(1, tags);
        }

        if (errorType is not null)
        {
            activity?.SetTag(PlatformTelemetry.ErrorTypeTag, errorType);
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
        }

        activity?.SetTag(PlatformTelemetry.OutcomeTag, outcome);
    }
}
