using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace McpPlatform.Grains.Dispatch.Network;

/// <summary>
/// The HTTP clients that reach tenants' URLs. Each has one long-lived pooled handler whose connections are renewed every
/// two minutes (so DNS changes are seen), connects only through <see cref="UpstreamAddressGuard"/>, keeps no cookies
/// (one tenant's cookies must never reach another's calls), goes direct rather than through a proxy (the guard must see
/// the real target), and logs no URLs (an API key may ride in a query string).
/// </summary>
public static class UpstreamHttpClients
{
    public static IServiceCollection AddUpstreamHttpClients(this IServiceCollection services)
    {
        services.TryAddSingleton<IUpstreamHostResolver, DnsUpstreamHostResolver>();
        services.TryAddSingleton<UpstreamAddressGuard>();

        // Redirects outermost, so each hop is retried on its own; retries only for requests that are safe to repeat.
        var upstream = services.AddHttpClient(HttpClientNames.Upstream)
            .ConfigurePrimaryHttpMessageHandler(provider => Handler(provider, followRedirects: false))
            .AddHttpMessageHandler(provider => new SameOriginRedirects(Settings(provider).MaxRedirects));
        upstream.Configure();
        upstream.AddResilienceHandler("retries", (pipeline, context) =>
        {
            var settings = Settings(context.ServiceProvider);
            if (settings.MaxRetries > 0)
            {
                pipeline.AddRetry(IdempotentRetries.Options(settings));
            }
        });

        // Innermost, so each attempt (not the whole retried call) is timed.
        upstream.AddHttpMessageHandler<McpPlatform.Grains.Telemetry.UpstreamLatencyHandler>();

        // OAuth token endpoints: no redirects, no retries (a token request is a POST; the next call asks again).
        services.AddHttpClient(HttpClientNames.Tokens)
            .ConfigurePrimaryHttpMessageHandler(provider => Handler(provider, followRedirects: false))
            .Configure();

        // OpenAPI documents may sit behind a redirect or two; every hop connects through the guard.
        services.AddHttpClient(HttpClientNames.Documents)
            .ConfigurePrimaryHttpMessageHandler(provider => Handler(provider, followRedirects: true))
            .Configure();
        return services;
    }

    private static IHttpClientBuilder Configure(this IHttpClientBuilder client) => client
        .RemoveAllLoggers()
        .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
        .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);

    private static SocketsHttpHandler Handler(IServiceProvider services, bool followRedirects)
    {
        var settings = Settings(services);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = followRedirects,
            MaxAutomaticRedirections = 3,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(settings.ConnectTimeoutSeconds),
            MaxConnectionsPerServer = settings.MaxConnectionsPerServer,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectCallback = services.GetRequiredService<UpstreamAddressGuard>().ConnectAsync,
        };
    }

    private static UpstreamOptions Settings(IServiceProvider services) => services.GetRequiredService<IOptions<UpstreamOptions>>().Value;
}
