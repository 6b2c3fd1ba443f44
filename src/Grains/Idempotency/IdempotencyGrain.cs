using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Idempotency;
using McpPlatform.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Storage;

namespace McpPlatform.Grains.Idempotency;

/// <summary>
/// One idempotency key. The claim is written before the call runs and the result when it ends, so a repeat finds
/// them from any frontend, and after a silo restart. Repeats that arrive while the call runs wait here (in memory)
/// for its result. Expired records are cleared when next touched, and swept from the database by
/// <see cref="IdempotencyRecordSweeper"/>; keys are short-lived, so their grains leave memory soon.
/// </summary>
[PreferLocalPlacement]
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class IdempotencyGrain(
    [PersistentState(IdempotencyRecordSweeper.StateName, StorageNames.Platform)] IPersistentState<IdempotencyRecord> state,
    IOptions<IdempotencyOptions> options,
    TimeProvider clock,
    ILogger<IdempotencyGrain> logger) : Grain, IIdempotencyGrain
{
    /// <summary>Repeats of this activation waiting for an execution to end.</summary>
    private (Guid ClaimId, TaskCompletionSource<IdempotencyClaim> Ended)? waiting;

    /// <summary>The last execution that ended without a stored result, for waiters that ask after it ended.</summary>
    private (Guid ClaimId, ToolCallResult Result)? lastFailure;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && !state.State.IsLive(clock.GetUtcNow()))
        {
            try
            {
                await state.ClearStateAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Harmless: an expired record counts as none, and the sweeper deletes it later.
                LogClearFailed(logger, this.GetPrimaryKeyString(), e.Message);
            }
        }
    }

    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyRequest request)
    {
        try
        {
            return await TryClaimAsync(request);
        }
        catch (InconsistentStateException)
        {
            // The row changed under us (swept after expiry, or written by another activation during a partition):
            // decide again from what is stored now.
            await state.ReadStateAsync();
            return await TryClaimAsync(request);
        }
    }

    public async Task FinishAsync(Guid claimId, ToolCallResult result, bool keep)
    {
        try
        {
            await TryFinishAsync(claimId, result, keep);
        }
        catch (InconsistentStateException)
        {
            await state.ReadStateAsync();
            await TryFinishAsync(claimId, result, keep);
        }
    }

    public async Task<IdempotencyClaim> WaitAsync(Guid claimId, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        var record = state.State;
        if (record.Status == IdempotencyRecordStatus.Completed && record.ClaimId == claimId)
        {
            return Stored(record);
        }

        if (lastFailure is { } failure && failure.ClaimId == claimId)
        {
            return new IdempotencyClaim { Status = IdempotencyClaimStatus.Failed, Result = failure.Result };
        }

        var leaseLeft = record.LeaseUntil - clock.GetUtcNow();
        if (record.Status != IdempotencyRecordStatus.Running || record.ClaimId != claimId || leaseLeft <= TimeSpan.Zero)
        {
            return new IdempotencyClaim { Status = IdempotencyClaimStatus.Unknown };
        }

        // After a move to another silo the execution still reports here, so this activation can wait for it too.
        if (waiting is not { } current || current.ClaimId != claimId)
        {
            current = (claimId, new TaskCompletionSource<IdempotencyClaim>(TaskCreationOptions.RunContinuationsAsynchronously));
            waiting = current;
        }

        try
        {
            return await current.Ended.Task.WaitAsync(leaseLeft < maxWait ? leaseLeft : maxWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            return new IdempotencyClaim { Status = IdempotencyClaimStatus.Running, ClaimId = claimId, FirstUsedAt = record.FirstUsedAt };
        }
    }

    private async Task<IdempotencyClaim> TryClaimAsync(IdempotencyRequest request)
    {
        var now = clock.GetUtcNow();
        var record = state.State;
        var takeOver = false;
        if (record.IsLive(now))
        {
            if (record.Fingerprint != request.Fingerprint)
            {
                // A key the client chose names one request; an id-derived key that meets other arguments is a reused id.
                return request.Source == IdempotencyKeySource.RequestId
                    ? new IdempotencyClaim { Status = IdempotencyClaimStatus.Bypass }
                    : new IdempotencyClaim { Status = IdempotencyClaimStatus.Conflict, FirstUsedAt = record.FirstUsedAt, FirstToolName = record.ToolName };
            }

            if (record.Status == IdempotencyRecordStatus.Completed)
            {
                return Stored(record);
            }

            if (now < record.LeaseUntil)
            {
                return new IdempotencyClaim { Status = IdempotencyClaimStatus.Running, ClaimId = record.ClaimId, FirstUsedAt = record.FirstUsedAt };
            }

            // Running past its lease: whoever ran it is gone without a word. Run it again, with the same key upstream.
            LogTakeOver(logger, this.GetPrimaryKeyString(), record.ClaimId);
            takeOver = true;
        }

        var settings = options.Value;
        var claim = new IdempotencyRecord
        {
            Status = IdempotencyRecordStatus.Running,
            ToolName = request.ToolName,
            Fingerprint = request.Fingerprint,
            Source = request.Source,
            ClaimId = Guid.NewGuid(),
            FirstUsedAt = takeOver ? record.FirstUsedAt : now,
            LeaseUntil = now + settings.InProgressTimeout,
            ExpiresAt = now + settings.RecordTtl,
        };
        await CommitAsync(claim);

        // Repeats still waiting for a lost execution ask again, and find this one.
        Release(new IdempotencyClaim { Status = IdempotencyClaimStatus.Unknown });
        return new IdempotencyClaim { Status = IdempotencyClaimStatus.Execute, ClaimId = claim.ClaimId, FirstUsedAt = claim.FirstUsedAt };
    }

    private async Task TryFinishAsync(Guid claimId, ToolCallResult result, bool keep)
    {
        var record = state.State;
        if (record.Status != IdempotencyRecordStatus.Running || record.ClaimId != claimId)
        {
            // Taken over after its lease, swept, or already finished (a retried report): the key has moved on. Repeats
            // that waited for this execution still get its outcome.
            LogLateFinish(logger, this.GetPrimaryKeyString(), claimId);
            if (waiting?.ClaimId == claimId)
            {
                Release(keep ? new IdempotencyClaim { Status = IdempotencyClaimStatus.Stored, Result = result } : Failed(result));
            }

            return;
        }

        if (keep)
        {
            var now = clock.GetUtcNow();
            await CommitAsync(new IdempotencyRecord
            {
                Status = IdempotencyRecordStatus.Completed,
                ToolName = record.ToolName,
                Fingerprint = record.Fingerprint,
                Source = record.Source,
                ClaimId = claimId,
                FirstUsedAt = record.FirstUsedAt,
                LeaseUntil = now,
                ExpiresAt = now + options.Value.RecordTtl,
                Result = StoredResults.Shrink(result, options.Value.MaxStoredResultBytes, record.FirstUsedAt),
            });
            Release(Stored(state.State));
        }
        else
        {
            // Released, not stored: a retry with the same key runs the call again.
            await state.ClearStateAsync();
            state.State = new IdempotencyRecord();
            lastFailure = (claimId, result);
            Release(Failed(result));
        }
    }

    private void Release(IdempotencyClaim outcome)
    {
        waiting?.Ended.TrySetResult(outcome);
        waiting = null;
    }

    private static IdempotencyClaim Stored(IdempotencyRecord record) =>
        new() { Status = IdempotencyClaimStatus.Stored, Result = record.Result, FirstUsedAt = record.FirstUsedAt };

    private static IdempotencyClaim Failed(ToolCallResult result) => new() { Status = IdempotencyClaimStatus.Failed, Result = result };

    /// <summary>Writes a new record; memory keeps the old one if the write fails.</summary>
    private Task CommitAsync(IdempotencyRecord next) => state.ReplaceAsync(next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency key {GrainKey}: execution {ClaimId} passed its lease without finishing; running the call again")]
    private static partial void LogTakeOver(ILogger logger, string grainKey, Guid claimId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotency key {GrainKey}: execution {ClaimId} finished after the key moved on; its result is not stored")]
    private static partial void LogLateFinish(ILogger logger, string grainKey, Guid claimId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Idempotency key {GrainKey}: could not clear the expired record: {Reason}")]
    private static partial void LogClearFailed(ILogger logger, string grainKey, string reason);
}
