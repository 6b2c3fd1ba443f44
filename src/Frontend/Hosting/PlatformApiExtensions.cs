using System.Text.Json.Serialization;
using McpPlatform.Frontend.Auth;

namespace McpPlatform.Frontend.Hosting;

public static class PlatformApiExtensions
{
    /// <summary>HTTP plumbing shared by the admin API and the MCP endpoints: JSON, problems, authentication, OpenAPI.</summary>
    public static IServiceCollection AddPlatformApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<PassingFailureHandler>();
        services.AddMemoryCache(cache => cache.SizeLimit = 100_000);
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<PlatformSigningKey>();
        services.AddSingleton<OperatorKeyVerifier>();
        services.AddSingleton<TenantKeyVerifier>();
        services.AddPlatformAuthorization();
        services.AddOAuthDiscoveryCors();
        services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer<BearerSecuritySchemeTransformer>());

        // Both need the cluster, so they are registered after Orleans and start after it.
        services.AddHostedService<OperatorKeyBootstrapper>();
        services.AddHostedService<StartupBanner>();
        return services;
    }

    public static WebApplication UsePlatformApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
