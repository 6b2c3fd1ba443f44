using McpPlatform.Grains.Results;
using McpPlatform.Grains.Sessions;
using McpPlatform.Persistence.GrainStorage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Retention;

/// <summary>
/// Keeps the system of record from growing with every session ever opened: ended or abandoned session records and
/// stored responses whose grain never got to remove them are deleted once nobody has written them for their
/// retention. Every silo sweeps; the deletes are the same, so a second run costs one query.
/// </summary>
public sealed partial class EndedRecordSweeper(
    GrainStateSweeper sweeper,
    IOptions<RecordRetentionOptions> options,
    TimeProvider clock,
    ILogger<EndedRecordSweeper> logger) : BackgroundService
{
    /// <summary>The grain state names (see each grain's <c>[PersistentState]</c>) and how long each is kept.</summary>
    private IEnumerable<(string StateName, TimeSpan Retention)> Kinds =>
    [
        (McpSessionGrain.StateName, options.Value.SessionRecords),
        (LegacySseSessionGrain.StateName, options.Value.SessionRecords),
        (StoredResponseGrain.StateName, options.Value.StoredResponses),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (stateName, retention) in Kinds)
            {
                try
                {
                    var cutoff = (clock.GetUtcNow() - retention).UtcDateTime;
                    if (await sweeper.DeleteNotWrittenSinceAsync(stateName, cutoff, stoppingToken) is > 0 and var deleted)
                    {
                        LogSwept(logger, deleted, stateName);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    LogSweepFailed(logger, stateName, e.Message);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} ended '{StateName}' records")]
    private static partial void LogSwept(ILogger logger, int count, string stateName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping ended '{StateName}' records failed: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string stateName, string reason);
}
