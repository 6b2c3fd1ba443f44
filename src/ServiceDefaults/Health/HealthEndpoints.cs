using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace McpPlatform.ServiceDefaults.Health;

/// <summary>
/// The three probes a pod is asked: startup (the host finished starting), liveness (the process answers; nothing
/// outside it is consulted, so an outage of the database never restarts pods) and readiness (every other check:
/// whatever the host's projects register untagged, plus "stopping", which fails as soon as the host is told to stop).
/// </summary>
public static class HealthEndpoints
{
    public const string LivenessPath = "/health/live";
    public const string ReadinessPath = "/health/ready";
    public const string StartupPath = "/health/startup";

    /// <summary>Checks for the liveness probe only.</summary>
    public const string LiveTag = "live";

    /// <summary>Checks for the startup probe only.</summary>
    public const string StartupTag = "startup";

    public static IHealthChecksBuilder AddHostHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag])
            .AddCheck<HostStartedHealthCheck>("started", tags: [StartupTag])
            .AddCheck<HostStoppingHealthCheck>("stopping");

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(LivenessPath, Options(check => check.Tags.Contains(LiveTag)));
        app.MapHealthChecks(StartupPath, Options(check => check.Tags.Contains(StartupTag)));
        app.MapHealthChecks(ReadinessPath, Options(check => !check.Tags.Contains(StartupTag)));
        return app;
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = HealthResponseWriter.WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };
}
