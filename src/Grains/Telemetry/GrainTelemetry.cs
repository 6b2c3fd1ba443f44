using System.Diagnostics;
using System.Diagnostics.Metrics;
using McpPlatform.Contracts.Telemetry;

namespace McpPlatform.Grains.Telemetry;

/// <summary>The silo side of tool-call telemetry: the dispatch span and the instruments only a silo can measure.</summary>
public static class GrainTelemetry
{
    public const string UpstreamDurationInstrument = "mcp_platform.upstream.duration";
    public const string IdempotentReplaysInstrument = "mcp_platform.tool_call.idempotent_replays";
    public const string AuditDroppedInstrument = "mcp_platform.audit.dropped";

    internal static readonly ActivitySource Source = new(PlatformTelemetry.Name);
    private static readonly Meter Meter = new(PlatformTelemetry.Name);

    internal static readonly Histogram<double> UpstreamDuration = Meter.CreateHistogram(UpstreamDurationInstrument, "s",
        "Time until an upstream API's response headers arrived, per HTTP attempt, by tenant, API, method and status.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });

    internal static readonly Counter<long> IdempotentReplays = Meter.CreateCounter<long>(IdempotentReplaysInstrument, "{call}",
        "Tool calls answered with the stored result of an earlier call with the same idempotency key (the API was not called).");

    internal static readonly Counter<long> AuditDropped = Meter.CreateCounter<long>(AuditDroppedInstrument, "{record}",
        "Audit records dropped because the write queue was full (the database was not keeping up).");
}
