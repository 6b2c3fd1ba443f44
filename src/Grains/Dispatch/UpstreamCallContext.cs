using McpPlatform.Contracts.Dispatch;

namespace McpPlatform.Grains.Dispatch;

/// <summary>Who asked for a call and what came with it, beyond the tool and its arguments.</summary>
public sealed record UpstreamCallContext(string TenantId, ToolCallRequest Request);
