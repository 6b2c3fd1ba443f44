using McpPlatform.Contracts.Dispatch;
using McpPlatform.Frontend.Hosting;
using ModelContextProtocol;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// What an agent gets when the platform, not the API, failed a request on something passing (see
/// <see cref="PassingFailures"/>): an answer that says to retry and how to do so safely, instead of the SDK's bare
/// "An error occurred" that reads as final.
/// </summary>
public static partial class PlatformUnavailableResults
{
    /// <summary>An error result for a tool call that failed in the platform.</summary>
    public static ToolCallResult ForToolCall(Exception exception, string tenant, string tool, ILoggerFactory loggers)
    {
        LogToolCallFailed(loggers.CreateLogger(typeof(PlatformUnavailableResults)), exception, tool, tenant);
        return ToolCallResult.Error(ToolCallOutcome.PlatformUnavailable, $"{What(exception)} while calling '{tool}'." + Advice);
    }

    /// <summary>An error result for a tool call whose silo went away while it ran (see <see cref="ToolCallWatch"/>).</summary>
    public static ToolCallResult ForLostCall(string tenant, string tool, ILoggerFactory loggers)
    {
        LogCallLost(loggers.CreateLogger(typeof(PlatformUnavailableResults)), tool, tenant);
        return ToolCallResult.Error(ToolCallOutcome.PlatformUnavailable, $"The platform node running '{tool}' went away before it answered."
            + Advice);
    }

    /// <summary>A JSON-RPC error for any other request (e.g. <c>tools/list</c>) that failed in the platform.</summary>
    public static McpProtocolException ForRequest(Exception exception, string tenant, string method, ILoggerFactory loggers)
    {
        LogRequestFailed(loggers.CreateLogger(typeof(PlatformUnavailableResults)), exception, method, tenant);
        return new McpProtocolException($"{What(exception)}. Retry in a few seconds.", McpErrorCode.InternalError);
    }

    private const string Advice = " The call may or may not have reached the API. Retry in a few seconds; send a write again with"
        + " the same Idempotency-Key so that it is not made twice.";

    private static string What(Exception exception) => PassingFailures.IsDatabaseUnavailable(exception)
        ? "The platform's database did not answer (it may be restarting)"
        : "A node of the platform stopped answering (the cluster moves its work elsewhere within seconds)";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool call {Tool} of tenant {Tenant} failed in the platform; answered with a retriable error")]
    private static partial void LogToolCallFailed(ILogger logger, Exception exception, string tool, string tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool call {Tool} of tenant {Tenant} was lost with the silo running it; answered with a retriable error")]
    private static partial void LogCallLost(ILogger logger, string tool, string tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} of tenant {Tenant} failed in the platform; answered with a retriable error")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, string method, string tenant);
}
