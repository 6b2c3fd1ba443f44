using System.Diagnostics;
using System.Diagnostics.Metrics;
using McpPlatform.Contracts.Telemetry;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// Every tool call as the agent sees it: one <c>execute_tool</c> span (GenAI and MCP semantic conventions, plus the
/// tenant, key and outcome) and the call metrics. Counted here, at the edge, so calls that never got a result (the
/// cluster failed, the agent cancelled) count too.
/// </summary>
public static class ToolCallTelemetry
{
    public const string CallsInstrument = "mcp_platform.tool_calls";
    public const string DurationInstrument = "mcp_platform.tool_call.duration";
    public const string ErrorsInstrument = "mcp_platform.tool_call.errors";

    private static readonly ActivitySource Source = new(PlatformTelemetry.Name);
    private static readonly Meter Meter = new(PlatformTelemetry.Name);

    internal static readonly Counter<long> Calls = Meter.CreateCounter<long>(CallsInstrument, "{call}",
        "Tool calls answered, by tenant, tool and outcome (rate-limited and other refused calls included).");

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram(DurationInstrument, "s",
        "How long tool calls took at the frontend, from the request to the result.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });

    internal static readonly Counter<long> Errors = Meter.CreateCounter<long>(ErrorsInstrument, "{call}",
        "Tool calls whose outcome was not Success, by tenant, tool and outcome.");

    public static ToolCallObservation Start(string tenant, string? keyId, string tool, string? sessionId, string? requestId, CancellationToken cancellationToken)
    {
        var activity = Source.StartActivity($"{PlatformTelemetry.ExecuteToolOperation} {tool}", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(PlatformTelemetry.McpMethodTag, PlatformTelemetry.ToolsCallMethod);
            activity.SetTag(PlatformTelemetry.OperationNameTag, PlatformTelemetry.ExecuteToolOperation);
            activity.SetTag(PlatformTelemetry.ToolNameTag, tool);
            activity.SetTag(PlatformTelemetry.SessionIdTag, sessionId);
            activity.SetTag(PlatformTelemetry.RequestIdTag, requestId);
            activity.SetTag(PlatformTelemetry.TenantTag, tenant);
            activity.SetTag(PlatformTelemetry.KeyIdTag, keyId);
        }

        return new ToolCallObservation(activity, tenant, tool, cancellationToken);
    }
}
