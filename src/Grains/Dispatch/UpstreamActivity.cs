using System.Diagnostics;

namespace McpPlatform.Grains.Dispatch;

/// <summary>
/// HttpClient writes a W3C <c>traceparent</c> only when an activity is current. A traced call already has one (the
/// call's <c>dispatch</c> span); when nothing listens (no tracing configured), a bare activity is started so the
/// upstream can still correlate its logs with the call.
/// </summary>
public static class UpstreamActivity
{
    public static Activity? EnsureCurrent() =>
        Activity.Current is null ? new Activity("McpPlatform.Upstream").Start() : null;
}
