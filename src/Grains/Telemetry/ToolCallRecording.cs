using System.Diagnostics;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Telemetry;
using McpPlatform.Persistence.AuditLog;
using McpPlatform.Persistence.Model;

namespace McpPlatform.Grains.Telemetry;

/// <summary>
/// One tool call in its registry grain: the <c>dispatch</c> span, what the upstream took, and the audit record written
/// when it ends. <see cref="Current"/> reaches it from anywhere below the grain call (the upstream HTTP handler, the
/// idempotency check).
/// </summary>
public sealed class ToolCallRecording : IDisposable
{
    private static readonly AsyncLocal<ToolCallRecording?> Ambient = new();

    private readonly AuditLogWriter audit;
    private readonly Activity? activity;
    private readonly ToolCallAuditRecord record;
    private readonly long started = Stopwatch.GetTimestamp();
    private readonly ToolCallRecording? outer;
    private readonly CancellationToken cancellationToken;
    private long upstreamTicks;
    private bool upstreamCalled;
    private bool finished;

    internal ToolCallRecording(AuditLogWriter audit, Activity? activity, ToolCallAuditRecord record, CancellationToken cancellationToken)
    {
        this.audit = audit;
        this.activity = activity;
        this.record = record;
        this.cancellationToken = cancellationToken;
        outer = Ambient.Value;
        Ambient.Value = this;
    }

    /// <summary>The call this code runs for, if any.</summary>
    public static ToolCallRecording? Current => Ambient.Value;

    public string TenantId => record.TenantId;

    public string? ApiId => record.ApiId;

    /// <summary>The result is a stored one, returned again for a repeated idempotency key: the API was not called this time.</summary>
    public void MarkIdempotentReplay()
    {
        record.IdempotentReplay = true;
        activity?.SetTag(PlatformTelemetry.IdempotentReplayTag, true);
        GrainTelemetry.IdempotentReplays.Add(1,
            new KeyValuePair<string, object?>(PlatformTelemetry.TenantTag, record.TenantId),
            new KeyValuePair<string, object?>(PlatformTelemetry.ToolNameTag, record.Tool));
    }

    /// <summary>One HTTP attempt to the API took <paramref name="elapsed"/> (until its response headers).</summary>
    internal void AddUpstreamAttempt(TimeSpan elapsed)
    {
        Interlocked.Add(ref upstreamTicks, elapsed.Ticks);
        Volatile.Write(ref upstreamCalled, true);
    }

    /// <summary>Records the result (as <c>Cancelled</c> when the agent cancelled) and passes it on.</summary>
    public ToolCallResult Finish(ToolCallResult result)
    {
        record.UpstreamStatus = result.UpstreamStatus;
        activity?.SetTag(PlatformTelemetry.UpstreamStatusTag, result.UpstreamStatus);
        var cancelled = cancellationToken.IsCancellationRequested;
        Complete(cancelled ? PlatformTelemetry.CancelledOutcome : result.Outcome.ToString(),
            result.IsError ? PlatformTelemetry.ToolError : cancelled ? "cancelled" : null);
        return result;
    }

    /// <summary>Without <see cref="Finish"/> the call ended in an exception: recorded as <c>Failed</c> (or <c>Cancelled</c>).</summary>
    public void Dispose()
    {
        if (!finished)
        {
            var cancelled = cancellationToken.IsCancellationRequested;
            Complete(cancelled ? PlatformTelemetry.CancelledOutcome : PlatformTelemetry.FailedOutcome, cancelled ? "cancelled" : "exception");
        }

        Ambient.Value = outer;
        activity?.Dispose();
    }

    private void Complete(string outcome, string? errorType)
    {
        finished = true;
        record.Outcome = outcome;
        record.DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        record.UpstreamDurationMs = Volatile.Read(ref upstreamCalled) ? TimeSpan.FromTicks(Interlocked.Read(ref upstreamTicks)).TotalMilliseconds : null;
        activity?.SetTag(PlatformTelemetry.OutcomeTag, outcome);
        if (errorType is not null)
        {
            activity?.SetTag(PlatformTelemetry.ErrorTypeTag, errorType);
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
        }

        if (!audit.TryWrite(record))
        {
            GrainTelemetry.AuditDropped.Add(1);
        }
    }
}
