namespace McpPlatform.Contracts.Dispatch;

/// <summary>
/// How long a tool call may take inside the cluster. Orleans cuts a grain call after 30 s by default, but an API may
/// be given up to 5 minutes, and a repeat with an idempotency key waits for the call it repeats.
/// </summary>
public static class ToolCallDeadlines
{
    /// <summary>Grain response timeout of <c>IToolRegistryGrain.CallToolAsync</c>: the longest upstream timeout plus room.</summary>
    public const string CallResponseTimeout = "00:06:00";

    /// <summary>How long a repeat waits for the call it repeats before answering that it is still running.</summary>
    public static readonly TimeSpan RepeatWaitBudget = TimeSpan.FromMinutes(5.5);
}
