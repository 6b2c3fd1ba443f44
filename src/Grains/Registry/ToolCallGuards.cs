using System.Text.Json;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Grains.Idempotency;
using McpPlatform.Grains.RateLimiting;

namespace McpPlatform.Grains.Registry;

/// <summary>
/// What a validated tool call passes before it is sent: the rate limits, then — for writes — its idempotency key.
/// Limits come first so that refusing a call is the cheapest thing the platform does (one grain call, no storage);
/// a repeat therefore counts against the budget like any call, even when it is answered from the stored result.
/// </summary>
public sealed class ToolCallGuards(ToolCallRateLimits rateLimits, IdempotentCalls idempotency)
{
    /// <param name="limited">Whether any budget counts this tenant's calls; without one the limiter is not asked.</param>
    /// <param name="send">Sends the call upstream; receives the idempotency key to forward (null: none).</param>
    public async Task<ToolCallResult> RunAsync(
        string tenantId, bool limited, CatalogTool tool, ToolCallRequest request, JsonElement arguments,
        Func<string?, CancellationToken, Task<ToolCallResult>> send, CancellationToken cancellationToken)
    {
        var isWrite = WriteCalls.IsWrite(tool.Definition.Binding.Method);
        if (limited && await rateLimits.RefuseAsync(tenantId, request.KeyId, isWrite) is { } refused)
        {
            return refused;
        }

        // Reads are idempotent by nature: a key on a read is ignored, and the read runs every time.
        if (!isWrite || request.IdempotencyKey is null)
        {
            return await send(null, cancellationToken);
        }

        var fingerprint = ArgumentFingerprint.Compute(request.ToolName, arguments);
        return await idempotency.RunAsync(tenantId, request, fingerprint, send, cancellationToken);
    }
}
