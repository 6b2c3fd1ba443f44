using Microsoft.Extensions.Logging;

namespace McpPlatform.Grains.Hosting;

/// <summary>
/// A frontend started before any silo (pods start in any order) waits for one instead of exiting: Orleans gives up on
/// the first attempt unless a filter says otherwise. Until it connects the frontend does not listen, so its startup
/// probe fails and Kubernetes decides, from the probe's budget, how long that may last.
/// </summary>
internal sealed partial class ClusterConnectRetry(ILogger<ClusterConnectRetry> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);
    private int attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        LogWaiting(logger, Interlocked.Increment(ref attempts), exception.Message);
        await Task.Delay(Pause, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster not reachable yet (attempt {Attempt}), retrying: {Reason}")]
    private static partial void LogWaiting(ILogger logger, int attempt, string reason);
}
