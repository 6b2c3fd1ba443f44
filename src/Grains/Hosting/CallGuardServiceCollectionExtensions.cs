using McpPlatform.Grains.Idempotency;
using McpPlatform.Grains.RateLimiting;
using McpPlatform.Grains.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpPlatform.Grains.Hosting;

public static class CallGuardServiceCollectionExtensions
{
    /// <summary>Rate limits and idempotency keys for tool calls, with their options validated at start-up.</summary>
    public static IServiceCollection AddPlatformCallGuards(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<IdempotencyOptions>()
            .BindConfiguration(IdempotencyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ToolCallRateLimits>();
        services.TryAddSingleton<IdempotentCalls>();
        services.TryAddSingleton<ToolCallGuards>();
        services.AddHostedService<IdempotencyRecordSweeper>();
        return services;
    }
}
