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

    /// <summary>
    /// Grain response timeout of <c>IToolRegistryGrain.GetToolsAsync</c>, an in-memory read (after activation): one
    /// lost with its silo ends in a retriable error after this long rather than after Orleans' default 30 s, which is
    /// as long as many agents wait.
    /// </summary>
    public const string ToolListResponseTimeout = "00:00:10";

    /// <summary>
    /// A call still running after this long is watched: every <see cref="WatchEvery"/> the frontend asks the registry
    /// whether it still runs it. A silo killed mid-call never answers, and Orleans would let the frontend wait out
    /// <see cref="CallResponseTimeout"/>; once the silo is declared dead the registry lives elsewhere, does not know the
    /// call, and the agent gets a retriable error instead.
    /// </summary>
    public static readonly TimeSpan WatchAfter = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan WatchEvery = TimeSpan.FromSeconds(3);

    /// <summary>Grain response timeout of the watch's question: a silo that does not answer it is asked again later.</summary>
    public const string WatchResponseTimeout = "00:00:05";

    /// <summary>A call the registry does not know may just have finished: its answer gets this long to arrive.</summary>
    public static readonly TimeSpan LostCallGrace = TimeSpan.FromSeconds(2);
}
