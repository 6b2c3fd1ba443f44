using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Idempotency;

namespace McpPlatform.Grains.Idempotency;

public enum IdempotencyRecordStatus { Empty, Running, Completed }

/// <summary>Persisted state of an <see cref="IdempotencyGrain"/> (JSON in the platform's grain storage).</summary>
public sealed class IdempotencyRecord
{
    public IdempotencyRecordStatus Status { get; set; }
    public string ToolName { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public IdempotencyKeySource Source { get; set; }
    /// <summary>The execution that holds (or held) the key.</summary>
    public Guid ClaimId { get; set; }
    public DateTimeOffset FirstUsedAt { get; set; }
    /// <summary>A running call not finished by then is presumed lost with its process: a repeat may run it again.</summary>
    public DateTimeOffset LeaseUntil { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public ToolCallResult? Result { get; set; }

    public bool IsLive(DateTimeOffset now) => Status != IdempotencyRecordStatus.Empty && now < ExpiresAt;
}
