using McpPlatform.Persistence.GrainStorage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Idempotency;

/// <summary>
/// Deletes idempotency records past their time from the database, every <see cref="IdempotencyOptions.SweepInterval"/>.
/// A record is written last when its call ends, and lives <see cref="IdempotencyOptions.RecordTtl"/> from then (by the
/// writing silo's clock: silos whose clocks disagree by seconds forget a day-old key seconds early). Every silo sweeps;
/// the deletes are the same, so running them twice costs only a query.
/// </summary>
public sealed partial class IdempotencyRecordSweeper(
    GrainStateSweeper sweeper,
    IOptions<IdempotencyOptions> options,
    TimeProvider clock,
    ILogger<IdempotencyRecordSweeper> logger) : BackgroundService
{
    public const string StateName = "idempotency";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var cutoff = (clock.GetUtcNow() - options.Value.RecordTtl).UtcDateTime;
                if (await sweeper.DeleteNotWrittenSinceAsync(StateName, cutoff, stoppingToken) is > 0 and var deleted)
                {
                    LogSwept(logger, deleted);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                LogSweepFailed(logger, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired idempotency records")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired idempotency records failed: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
