using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Idempotency;
using Microsoft.Extensions.Logging;

namespace McpPlatform.Grains.Idempotency;

/// <summary>
/// Runs a write call that carries an idempotency key at most once: claims the key, then runs the call and records
/// its result — or replays the stored result, waits for a running call with the same key, or refuses a conflict.
/// </summary>
public sealed partial class IdempotentCalls(IGrainFactory grains, TimeProvider clock, ILogger<IdempotentCalls> logger)
{
    /// <summary>Each wait is one grain call, kept well under Orleans' 30 s response timeout.</summary>
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(20);
    private const int MaxLostContacts = 5;

    /// <param name="execute">Sends the call; receives the key to forward upstream (null: none).</param>
    public async Task<ToolCallResult> RunAsync(
        string tenantId, ToolCallRequest call, string fingerprint, Func<string?, CancellationToken, Task<ToolCallResult>> execute, CancellationToken cancellationToken)
    {
        var key = call.IdempotencyKey!;
        var grain = grains.GetGrain<IIdempotencyGrain>(IdempotencyGrainKeys.For(tenantId, call.KeyId, key));
        var request = new IdempotencyRequest { ToolName = call.ToolName, Fingerprint = fingerprint, Source = call.IdempotencyKeySource };
        var deadline = clock.GetUtcNow() + ToolCallDeadlines.RepeatWaitBudget;
        var lostContacts = 0;
        IdempotencyClaim? claim = null;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Cancelled();
            }

            try
            {
                claim = claim switch
                {
                    null or { Status: IdempotencyClaimStatus.Unknown } => await grain.ClaimAsync(request),
                    { Status: IdempotencyClaimStatus.Running } => await WaitAsync(grain, claim.ClaimId, deadline, cancellationToken),
                    _ => claim,
                };
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Cancelled();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogKeyUnreachable(logger, tenantId, e.Message);
                if (++lostContacts == MaxLostContacts)
                {
                    return ToolCallResult.Error(ToolCallOutcome.UpstreamUnavailable,
                        "The idempotency key could not be checked right now, so nothing was sent to the API. Retry with the same key.");
                }

                // The key's grain moved (its silo died): ask again, from the start; the record is in the database.
                claim = null;
                await Task.Delay(TimeSpan.FromMilliseconds(250 * lostContacts), CancellationToken.None);
                continue;
            }

            switch (claim.Status)
            {
                case IdempotencyClaimStatus.Execute:
                    return await ExecuteAsync(grain, claim.ClaimId, key, execute, cancellationToken);
                case IdempotencyClaimStatus.Bypass:
                    // An automatic key whose request id was reused for another request: a new call, without a key.
                    return await execute(null, cancellationToken);
                case IdempotencyClaimStatus.Stored:
                    return claim.Result! with { Replayed = true };
                case IdempotencyClaimStatus.Conflict:
                    return ToolCallResult.Error(ToolCallOutcome.IdempotencyConflict,
                        $"Idempotency key '{key}' was already used at {claim.FirstUsedAt:u} for {Describe(claim.FirstToolName, call.ToolName)}. " +
                        "A key stands for one request: send the original arguments again to get its result, or use a new key for a new request. Nothing was sent to the API.");
                case IdempotencyClaimStatus.Failed:
                    var cause = claim.Result!.Content.FirstOrDefault()?.Text ?? claim.Result.Outcome.ToString();
                    return ToolCallResult.Error(claim.Result.Outcome,
                        $"A call with the same idempotency key was running and ended without a result to keep: {cause} Nothing was stored; retry with the same key to run it again.",
                        claim.Result.UpstreamStatus);
                case IdempotencyClaimStatus.Running when clock.GetUtcNow() >= deadline:
                    return ToolCallResult.Error(ToolCallOutcome.IdempotencyConflict,
                        $"A call with idempotency key '{key}' (started at {claim.FirstUsedAt:u}) is still running. Retry later with the same key to get its result.");
            }
        }
    }

    private static ToolCallResult Cancelled() => ToolCallResult.Error(ToolCallOutcome.UpstreamUnavailable,
        "The call was cancelled by the client; this request was not sent to the API (a call with the same idempotency key may still be running).");

    private async Task<IdempotencyClaim> WaitAsync(IIdempotencyGrain grain, Guid claimId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var left = deadline - clock.GetUtcNow();
        var slice = left < WaitSlice ? left : WaitSlice;
        return await grain.WaitAsync(claimId, slice > TimeSpan.Zero ? slice : TimeSpan.FromMilliseconds(1), cancellationToken);
    }

    private async Task<ToolCallResult> ExecuteAsync(
        IIdempotencyGrain grain, Guid claimId, string key, Func<string?, CancellationToken, Task<ToolCallResult>> execute, CancellationToken cancellationToken)
    {
        ToolCallResult result;
        try
        {
            result = await execute(key, cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await FinishAsync(grain, claimId, ToolCallResult.Error(ToolCallOutcome.UpstreamUnavailable, $"The call failed: {e.Message}"), keep: false);
            throw;
        }

        await FinishAsync(grain, claimId, result, StoredResults.IsFinal(result));
        return result;
    }

    /// <summary>Reports the end of an execution; retried, since repeats wait on it. The agent's cancellation does not apply.</summary>
    private async Task FinishAsync(IIdempotencyGrain grain, Guid claimId, ToolCallResult result, bool keep)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grain.FinishAsync(claimId, result, keep);
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException && attempt < MaxLostContacts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The caller still gets its result; repeats run the call again once the key's lease is over.
                LogFinishLost(logger, claimId, e.Message);
                return;
            }
        }
    }

    private static string Describe(string? firstTool, string thisTool) =>
        firstTool is null || firstTool == thisTool ? $"{thisTool} with other arguments" : $"another tool ({firstTool})";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId}: idempotency key grain did not answer: {Reason}")]
    private static partial void LogKeyUnreachable(ILogger logger, string tenantId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Idempotency execution {ClaimId}: its result could not be recorded: {Reason}")]
    private static partial void LogFinishLost(ILogger logger, Guid claimId, string reason);
}
