using System.Diagnostics;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Telemetry;
using McpPlatform.Persistence.AuditLog;
using McpPlatform.Persistence.Model;

namespace McpPlatform.Grains.Telemetry;

/// <summary>Starts the recording of each tool call a registry grain handles (span, upstream timing, audit record).</summary>
public sealed class ToolCallRecorder(AuditLogWriter audit, TimeProvider clock)
{
    /// <param name="cancellationToken">The agent's cancellation: a call it cancelled is recorded as <c>Cancelled</c>, however it ended.</param>
    public ToolCallRecording Start(string tenantId, ToolCallRequest request, string? apiId, CancellationToken cancellationToken)
    {
        var activity = GrainTelemetry.Source.StartActivity($"dispatch {request.ToolName}", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(PlatformTelemetry.TenantTag, tenantId);
            activity.SetTag(PlatformTelemetry.ToolNameTag, request.ToolName);
            activity.SetTag(PlatformTelemetry.ApiTag, apiId);
            activity.SetTag(PlatformTelemetry.KeyIdTag, request.KeyId);
            activity.SetTag(PlatformTelemetry.SessionIdTag, request.SessionId);
            activity.SetTag(PlatformTelemetry.RequestIdTag, request.RequestId);
        }

        // Only who, what and when: arguments and bodies never go into the audit log.
        var record = new ToolCallAuditRecord
        {
            TenantId = Fit(tenantId, ToolCallAuditLimits.Id)!,
            StartedAt = ToolCallAuditRecord.StoredTime(clock.GetUtcNow()),
            Tool = Fit(request.ToolName, ToolCallAuditLimits.Tool)!,
            ApiId = Fit(apiId, ToolCallAuditLimits.Id),
            KeyId = Fit(request.KeyId, ToolCallAuditLimits.Id),
            SessionId = Fit(request.SessionId, ToolCallAuditLimits.Session),
            Subject = Fit(request.Caller?.Subject, ToolCallAuditLimits.Subject),
            ClientId = Fit(request.Caller?.ClientId, ToolCallAuditLimits.ClientId),
            Scopes = request.Caller is { } caller ? Fit(string.Join(' ', caller.Scopes), ToolCallAuditLimits.Scopes) : null,
            RequestId = Fit(request.RequestId, ToolCallAuditLimits.RequestId),
            Outcome = "",
            TraceId = Activity.Current?.TraceId.ToHexString(),
        };
        return new ToolCallRecording(audit, activity, record, cancellationToken);
    }

    private static string? Fit(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
