using System.Diagnostics;

namespace McpPlatform.Grains.Dispatch;

/// <summary>
/// The span of one upstream call. HttpClient writes a W3C <c>traceparent</c> only when an activity is current, so
/// when nothing listens (no tracing configured, or the call arrived without a trace) a bare activity is started
/// anyway: the upstream can always correlate its logs with the call.
/// </summary>
public static class UpstreamActivity
{
    public const string SourceName = "McpPlatform";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? Start(string apiId, string toolName)
    {
        var activity = Source.StartActivity($"upstream {toolName}", ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag("mcp_platform.api", apiId);
            activity.SetTag("gen_ai.tool.name", toolName);
            return activity;
        }

        return Activity.Current is null ? new Activity("McpPlatform.Upstream").Start() : null;
    }
}
