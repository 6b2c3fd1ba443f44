using System.Diagnostics;
using McpPlatform.ServiceDefaults;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// Attributes every tool call to its tenant and key: one span per call, named and tagged after the
/// OpenTelemetry MCP semantic conventions (<c>mcp.method.name</c>, <c>gen_ai.tool.name</c>).
/// </summary>
public static class ToolCallTelemetry
{
    public const string TenantTag = "mcp_platform.tenant";
    public const string KeyIdTag = "mcp_platform.key_id";
    public const string OutcomeTag = "mcp_platform.outcome";
    /// <summary>Set on calls answered with the stored result of an earlier call with the same idempotency key.</summary>
    public const string ReplayedTag = "mcp_platform.idempotency.replayed";

    private static readonly ActivitySource Source = new(ServiceDefaultsExtensions.TelemetrySourceName);

    public static Activity? StartToolCall(string tenant, string? keyId, string tool)
    {
        var activity = Source.StartActivity($"tools/call {tool}", ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag("mcp.method.name", "tools/call");
            activity.SetTag("gen_ai.tool.name", tool);
            activity.SetTag("gen_ai.operation.name", "execute_tool");
            activity.SetTag(TenantTag, tenant);
            activity.SetTag(KeyIdTag, keyId);
        }

        return activity;
    }
}
