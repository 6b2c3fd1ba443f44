namespace McpPlatform.Contracts.Telemetry;

/// <summary>
/// Names that frontends and silos share for tool-call telemetry, so a span, a metric and an audit record of one call
/// use the same words. OpenTelemetry semantic conventions where they exist (MCP, GenAI, JSON-RPC); <c>mcp_platform.*</c>
/// for the platform's own.
/// </summary>
public static class PlatformTelemetry
{
    /// <summary>The platform's activity source and meter (ServiceDefaults registers this name with OpenTelemetry).</summary>
    public const string Name = "McpPlatform";

    public const string McpMethodTag = "mcp.method.name";
    public const string SessionIdTag = "mcp.session.id";
    public const string RequestIdTag = "jsonrpc.request.id";
    public const string ToolNameTag = "gen_ai.tool.name";
    public const string OperationNameTag = "gen_ai.operation.name";
    public const string ErrorTypeTag = "error.type";

    public const string TenantTag = "mcp_platform.tenant";
    public const string ApiTag = "mcp_platform.api";
    public const string KeyIdTag = "mcp_platform.key_id";
    public const string OutcomeTag = "mcp_platform.outcome";
    public const string UpstreamStatusTag = "mcp_platform.upstream.status_code";
    public const string IdempotentReplayTag = "mcp_platform.idempotent_replay";

    public const string ToolsCallMethod = "tools/call";
    public const string ExecuteToolOperation = "execute_tool";

    /// <summary><c>error.type</c> of a call that returned an <c>isError</c> result (MCP semantic conventions).</summary>
    public const string ToolError = "tool_error";

    /// <summary>Outcome of a call the agent cancelled before it finished (not a <c>ToolCallOutcome</c>: no result reaches anyone).</summary>
    public const string CancelledOutcome = "Cancelled";

    /// <summary>Outcome of a call that ended in an exception instead of a result.</summary>
    public const string FailedOutcome = "Failed";
}
