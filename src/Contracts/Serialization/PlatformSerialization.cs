using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace McpPlatform.Contracts.Serialization;

public static class PlatformSerialization
{
    /// <summary>
    /// Exceptions of the database driver may travel inside the runtime's own (a grain's storage failed to load it):
    /// Orleans copies exceptions only from namespaces it is told of, and one it may not copy fails the whole answer
    /// with a codec error instead of the failure it reports.
    /// </summary>
    private const string DatabaseDriverNamespace = "Npgsql";

    /// <summary>
    /// The OpenAPI model is kept free of Orleans (it is pure conversion logic), so its records cross grain
    /// boundaries through Orleans' System.Text.Json codec instead of generated serializers.
    /// Call on silos and clients alike.
    /// </summary>
    public static IServiceCollection AddPlatformSerialization(this IServiceCollection services) =>
        services
            .Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add(DatabaseDriverNamespace))
            .AddSerializer(serializer => serializer.AddJsonSerializer(
                isSupported: type => type.Namespace == typeof(McpPlatform.OpenApi.Model.ToolDefinition).Namespace));
}
