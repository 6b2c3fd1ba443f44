using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Registry;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// Waits for a tool call in the cluster and notices when it is lost. A silo killed mid-call never answers and
/// Orleans does not fail the call for the client, which would wait out the 6-minute response timeout; so a call that
/// takes long is watched (<see cref="ToolCallDeadlines.WatchAfter"/>): the registry is asked whether it still runs it,
/// and once the dead silo's grains live elsewhere it does not.
/// </summary>
public static class ToolCallWatch
{
    /// <returns>True when the call was lost (its answer will not come); false when it has completed, one way or another.</returns>
    public static async Task<bool> IsLostAsync(IToolRegistryGrain registry, string callId, Task call)
    {
        var wait = ToolCallDeadlines.WatchAfter;
        while (!await CompletesWithinAsync(call, wait))
        {
            if (!await StillRunningAsync(registry, callId))
            {
                // Not known there: lost, or it finished just now and its answer is on the way.
                return !await CompletesWithinAsync(call, ToolCallDeadlines.LostCallGrace);
            }

            wait = ToolCallDeadlines.WatchEvery;
        }

        return false;
    }

    private static async Task<bool> StillRunningAsync(IToolRegistryGrain registry, string callId)
    {
        try
        {
            return await registry.IsCallRunningAsync(callId);
        }
        catch (Exception)
        {
            // No answer: its silo may be dying but not yet declared dead, or (mid-upgrade) a silo of an older version
            // does not know the question. Either way the call goes on as it would unwatched; ask again later.
            return true;
        }
    }

    /// <summary>Whether the task completes (succeeded, failed or cancelled) within the time; never throws its exception.</summary>
    private static async Task<bool> CompletesWithinAsync(Task task, TimeSpan time)
    {
        if (task.IsCompleted)
        {
            return true;
        }

        try
        {
            await Task.WhenAny(task).WaitAsync(time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
