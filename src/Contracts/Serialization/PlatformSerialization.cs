using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace McpPlatform.Contracts.Serialization;

public static class PlatformSerialization
{
    /// <summary>
    /// The OpenAPI model is kept free of Orleans (it is pure conversion logic), so its records cross grain
    /// boundaries through Orleans' System.Text.Json codec instead of generated serializers.
    /// Call on silos and clients alike.
    /// </summary>
    public static IServiceCollection AddPlatformSerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(
            isSupported: type => type.Namespace == typeof(McpPlatform.OpenApi.Model.ToolDefinition).Namespace));
}
