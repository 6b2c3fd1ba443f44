using System.Text.Json;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Grains.Idempotency;
using McpPlatform.Grains.RateLimiting;

namespace McpPlatform.Grains.Registry;

/// <summary>
/// What a validated tool call passes before it is sent: its idempotency key (writes only), then the rate limits.
/// The key comes first so a repeat that is answered from the stored result spends no budget — it never reaches the
/// API — while a call refused by the limits releases its key, so the retry the agent is told to make can run.
/// </summary>
public sealed class ToolCallGuards(ToolCallRateLimits rateLimits, IdempotentCalls idempotency)
{
    /// <param name="send">Sends the call upstream; receives the idempotency key to forward (null: none).</param>
    public Task<ToolCallResult> RunAsync(
        string tenantId, CatalogTool tool, ToolCallRequest request, JsonElement arguments,
        Func<string?, CancellationToken, Task<ToolCallResult>> send, CancellationToken cancellationToken)
    {
        var isWrite = WriteCalls.IsWrite(tool.Definition.Binding.Method);

        async Task<ToolCallResult> LimitedAsync(string? key, CancellationToken token) =>
            await rateLimits.RefuseAsync(tenantId, request.KeyId, isWrite) ?? await send(key, token);

        // Reads are idempotent by nature: a key on a read is ignored, and the read runs every time.
        if (!isWrite || request.IdempotencyKey is null)
        {
            return LimitedAsync(null, cancellationToken);
        }

        var fingerprint = ArgumentFingerprint.Compute(request.ToolName, arguments);
        return idempotency.RunAsync(tenantId, request, fingerprint, LimitedAsync, cancellationToken);
    }
}
