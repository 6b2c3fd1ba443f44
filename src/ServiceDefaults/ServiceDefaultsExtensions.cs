using McpPlatform.ServiceDefaults.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace McpPlatform.ServiceDefaults;

/// <summary>What every McpPlatform host sets up the same way: telemetry and health endpoints.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Activity sources and meters of the platform's own code.</summary>
    public const string TelemetrySourceName = "McpPlatform";

    /// <summary>The MCP SDK's spans (one per JSON-RPC message, MCP semantic conventions) and its operation metrics.</summary>
    public const string McpSdkTelemetryName = "Experimental.ModelContextProtocol";

    /// <summary>Orleans grain calls: the client span on the frontend, the server span on the silo.</summary>
    private const string OrleansApplicationSource = "Microsoft.Orleans.Application";
    private const string OrleansRuntimeSource = "Microsoft.Orleans.Runtime";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var telemetry = builder.Services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
        {
            // Frontends and silos tell themselves apart in a trace (McpPlatform.Frontend, McpPlatform.Silo).
            telemetry.ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName));
        }

        telemetry
            .WithTracing(tracing => tracing
                .AddSource(TelemetrySourceName, McpSdkTelemetryName, OrleansRuntimeSource, OrleansApplicationSource)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddProcessor(new ToolErrorContentRedactor()))
            .WithMetrics(metrics => metrics
                .AddMeter(TelemetrySourceName, McpSdkTelemetryName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        // Log records exported over OTLP carry the trace and span id of the call they were written in; scopes and the
        // formatted message go with them. (Console logs show the ids as a scope: the host tracks TraceId and SpanId.)
        builder.Services.Configure<OpenTelemetryLoggerOptions>(logging =>
        {
            logging.IncludeScopes = true;
            logging.IncludeFormattedMessage = true;
        });

        // OTLP only when an endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT), so the quick start needs no collector.
        // It then exports all three signals: traces, metrics and logs.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        // The host's own checks; the database and cluster checks come with the silo and client set-up (Grains/Health).
        builder.Services.AddHostHealthChecks();
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        return app;
    }
}
