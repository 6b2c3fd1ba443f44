using System.Threading.Channels;
using McpPlatform.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpPlatform.Persistence.AuditLog;

/// <summary>
/// Keeps the database off the tool-call path: records queue in memory and are written in batches every
/// <see cref="AuditLogOptions.FlushInterval"/>. A failed write is retried with the next batch; a graceful stop writes
/// everything still queued (registered before Orleans, it stops after the silo, so calls finishing during the silo's
/// shutdown are written too). A crash loses what was queued: at most about one flush interval.
/// </summary>
public sealed partial class AuditLogWriter : IHostedService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan DropWarningInterval = TimeSpan.FromSeconds(10);

    private readonly Channel<ToolCallAuditRecord> queue;
    private readonly IDbContextFactory<PlatformDbContext> contexts;
    private readonly AuditLogOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger<AuditLogWriter> logger;
    // Never disposed: it has no timer, and a late StopAsync must still find it usable.
    private readonly CancellationTokenSource stopping = new();
    private Task? stopped;

    /// <summary>Records taken from the queue whose write has not succeeded yet; only the loop (then the final flush) touches it.</summary>
    private readonly List<ToolCallAuditRecord> pending = [];
    private Task loop = Task.CompletedTask;
    /// <summary>Made from the first context's model; like <see cref="pending"/>, only the loop (then the final flush) touches it.</summary>
    private AuditBatchWriter? batchWriter;
    private DateTimeOffset nextCleanup = DateTimeOffset.MinValue;
    private long dropped;
    private long lastDropWarning;

    public AuditLogWriter(IDbContextFactory<PlatformDbContext> contexts, IOptions<AuditLogOptions> options, TimeProvider clock, ILogger<AuditLogWriter> logger)
    {
        this.contexts = contexts;
        this.options = options.Value;
        this.clock = clock;
        this.logger = logger;
        queue = Channel.CreateBounded<ToolCallAuditRecord>(new BoundedChannelOptions(this.options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Queues a record; never blocks. False when it was dropped (the queue is full: the database is not keeping up).</summary>
    public bool TryWrite(ToolCallAuditRecord record)
    {
        if (!options.Enabled)
        {
            return true;
        }

        if (queue.Writer.TryWrite(record))
        {
            return true;
        }

        var total = Interlocked.Increment(ref dropped);
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref lastDropWarning);
        if ((last == 0 || clock.GetElapsedTime(last, now) >= DropWarningInterval) && Interlocked.CompareExchange(ref lastDropWarning, now, last) == last)
        {
            LogDropped(logger, total, options.QueueCapacity);
        }

        return false;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Enabled)
        {
            loop = Task.Run(() => RunAsync(stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>Once, however often it is called (a web host under test may stop its hosted services twice, concurrently).</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (stopping)
        {
            return stopped ??= StopOnceAsync(cancellationToken);
        }
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        try
        {
            await loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogLostAtShutdown(logger, pending.Count + queue.Reader.Count, "a write was still running when the shutdown time ran out");
            return;
        }

        queue.Writer.TryComplete();

        // Everything still queued, within the host's shutdown time.
        try
        {
            while (TakeBatch())
            {
                await WritePendingAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogLostAtShutdown(logger, pending.Count + queue.Reader.Count, e.Message);
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (pending.Count == 0)
                {
                    await queue.Reader.WaitToReadAsync(stop);
                }

                // Let a batch gather (longer after failures, so a database outage is not hammered).
                var delay = failures == 0 ? options.FlushInterval : Backoff(failures);
                await Task.Delay(delay, clock, stop);
                // A write once started is not cancelled by the stop (it could commit and still report cancelled,
                // and the final flush would write it twice); the database's command timeout bounds it.
                while (!stop.IsCancellationRequested && TakeBatch())
                {
                    await WritePendingAsync(CancellationToken.None);
                }

                failures = 0;
                await CleanUpIfDueAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures++;
                LogWriteFailed(logger, pending.Count, e.Message);
            }
        }
    }

    /// <summary>Tops <see cref="pending"/> up to one batch from the queue; true when there is something to write.</summary>
    private bool TakeBatch()
    {
        while (pending.Count < options.MaxBatchSize && queue.Reader.TryRead(out var record))
        {
            pending.Add(record);
        }

        return pending.Count > 0;
    }

    private async Task WritePendingAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        batchWriter ??= AuditBatchWriter.For(db);
        await batchWriter.WriteAsync(db, pending, cancellationToken);
        pending.Clear();
    }

    private async Task CleanUpIfDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < nextCleanup)
        {
            return;
        }

        nextCleanup = now + CleanupInterval;
        var cutoff = now.UtcDateTime.AddDays(-options.RetentionDays);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deleted = await db.ToolCallAudit.Where(r => r.StartedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            LogCleanedUp(logger, deleted, options.RetentionDays);
        }
    }

    private TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, options.FlushInterval.Ticks * (1L << Math.Min(failures, 16))));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit log: {Count} record(s) not written yet, retrying: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit log: {Count} record(s) could not be written before shutdown: {Reason}")]
    private static partial void LogLostAtShutdown(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit log: queue full ({Capacity} records waiting for the database); {Total} record(s) dropped so far")]
    private static partial void LogDropped(ILogger logger, long total, int capacity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit log: deleted {Count} record(s) older than {Days} days")]
    private static partial void LogCleanedUp(ILogger logger, int count, int days);
}
