using McpPlatform.Contracts.Dispatch;

namespace McpPlatform.Contracts.Idempotency;

/// <summary>
/// One idempotency key of one caller: the request it was first used for, and that request's result once known.
/// Key: <c>{tenant}/{key id}/{digest of the idempotency key}</c> (see <c>IdempotencyGrainKeys</c>). One activation
/// in the cluster, so concurrent repeats from any frontend meet here; the record is persisted, so a repeat after a
/// silo restart still finds it.
/// </summary>
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>Claims the key for one execution, or says what is already known about it.</summary>
    Task<IdempotencyClaim> ClaimAsync(IdempotencyRequest request);

    /// <summary>
    /// Ends an execution: <paramref name="keep"/> stores the result for repeats; otherwise the key is released so a
    /// retry runs again (and callers waiting on this execution get <paramref name="result"/>).
    /// </summary>
    Task FinishAsync(Guid claimId, ToolCallResult result, bool keep);

    /// <summary>Waits, at most <paramref name="maxWait"/>, for the execution <paramref name="claimId"/> to end.</summary>
    [AlwaysInterleave]
    Task<IdempotencyClaim> WaitAsync(Guid claimId, TimeSpan maxWait, CancellationToken cancellationToken = default);
}

/// <summary>The request a key is used for: its tool and a digest of its arguments.</summary>
[GenerateSerializer, Immutable]
public sealed record IdempotencyRequest
{
    [Id(0)] public required string ToolName { get; init; }
    /// <summary>SHA-256 of the tool name and the arguments in canonical form (hex).</summary>
    [Id(1)] public required string Fingerprint { get; init; }
    [Id(2)] public IdempotencyKeySource Source { get; init; }
}

public enum IdempotencyClaimStatus
{
    /// <summary>The caller runs the call, then reports with <see cref="IIdempotencyGrain.FinishAsync"/>.</summary>
    Execute,
    /// <summary>Another caller is running it; wait with <see cref="IIdempotencyGrain.WaitAsync"/>.</summary>
    Running,
    /// <summary>It ran before: <see cref="IdempotencyClaim.Result"/> is the stored result.</summary>
    Stored,
    /// <summary>The key was first used for another tool or other arguments.</summary>
    Conflict,
    /// <summary>The execution waited on ended without a stored result (<see cref="IdempotencyClaim.Result"/> says why).</summary>
    Failed,
    /// <summary>An automatic key met other arguments: run the call as a new one, without a key.</summary>
    Bypass,
    /// <summary>The execution waited on is not known here any more (the grain moved): claim again.</summary>
    Unknown,
}

[GenerateSerializer, Immutable]
public sealed record IdempotencyClaim
{
    [Id(0)] public required IdempotencyClaimStatus Status { get; init; }
    /// <summary>For <see cref="IdempotencyClaimStatus.Execute"/> the caller's claim; for <see cref="IdempotencyClaimStatus.Running"/> the one to wait for.</summary>
    [Id(1)] public Guid ClaimId { get; init; }
    [Id(2)] public ToolCallResult? Result { get; init; }
    /// <summary>When the key was first used (conflicts and running calls).</summary>
    [Id(3)] public DateTimeOffset? FirstUsedAt { get; init; }
    /// <summary>The tool the key was first used for (conflicts).</summary>
    [Id(4)] public string? FirstToolName { get; init; }
}
