using System.Diagnostics;
using OpenTelemetry;

namespace McpPlatform.ServiceDefaults;

/// <summary>
/// The MCP SDK describes a failed tool call's span status with the result's whole content, and that content carries
/// the upstream API's error body. Bodies stay out of telemetry (as they stay out of the audit log): the span keeps its
/// error status and <c>error.type</c>, the description becomes <c>tool_error</c>.
/// </summary>
internal sealed class ToolErrorContentRedactor : BaseProcessor<Activity>
{
    private const string ErrorTypeTag = "error.type";
    private const string ToolError = "tool_error";

    public override void OnEnd(Activity activity)
    {
        if (activity.Source.Name == ServiceDefaultsExtensions.McpSdkTelemetryName
            && activity.Status == ActivityStatusCode.Error
            && activity.GetTagItem(ErrorTypeTag) is ToolError)
        {
            activity.SetStatus(ActivityStatusCode.Error, ToolError);
        }
    }
}
