using System.Text.Json;
using McpPlatform.Contracts.Dispatch;
using McpPlatform.Contracts.Registry;
using McpPlatform.Frontend.Auth;
using McpPlatform.Frontend.Hosting;
using McpPlatform.Frontend.LegacySse;
using McpPlatform.Frontend.StoredResponses;
using McpPlatform.Frontend.Sessions;
using McpPlatform.Frontend.Streams;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Frontend.Mcp;

/// <summary>The agent side: each tenant's MCP endpoint, answering from the tenant's registry grain.</summary>
public static class McpEndpoints
{
    public const string RoutePattern = "/t/{" + AuthorizationPolicies.TenantRouteValue + "}/mcp";

    public static IServiceCollection AddPlatformMcp(this IServiceCollection services)
    {
        services.AddOptions<McpEndpointOptions>()
            .BindConfiguration(McpEndpointOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddSingleton<ISessionMigrationHandler, GrainSessionMigrationHandler>();
        services.AddSingleton<LocalSessions>();
        services.AddSingleton<ConfirmedSessions>();
        services.AddSingleton<FrontendNotifications>();
        services.AddHostedService(provider => provider.GetRequiredService<FrontendNotifications>());
        services.AddSingleton<IPostConfigureOptions<HttpServerTransportOptions>, LocalSessionCacheSetup>();
        services.AddSingleton<TenantToolCache>();
        services.AddSingleton<ForwardedHeaderCapture>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ToolChangeListeners>();
        services.AddSingleton<InFlightCalls>();
        services.AddStoredResponseLinks();
        services.AddSingleton<SessionGetStreams>();
        services.AddPlatformLegacySse();
#pragma warning disable MCP9005 // logging/setLevel: see SetLoggingLevelAsync
        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "mcp-platform", Version = typeof(McpEndpoints).Assembly.GetName().Version?.ToString() ?? "1.0.0" };
                // Resources: the stored large responses that tool results link to (read only, not listed).
                options.Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = true }, Resources = new ResourcesCapability() };
            })
            .WithHttpTransport(ConfigureTransport)
            .WithListToolsHandler(ListToolsAsync)
            .WithCallToolHandler(CallToolAsync)
            .WithSubscriptionsListenHandler(ToolChangeSubscriptions.ListenAsync)
            .WithListResourcesHandler(StoredResponseResources.ListAsync)
            .WithReadResourceHandler(StoredResponseResources.ReadAsync)
            .WithMessageFilters(filters => filters
                .AddIncomingFilter(CancellationFanOut.Filter)
                .AddOutgoingFilter(DeferredResults.Filter))
            .WithSetLoggingLevelHandler(SetLoggingLevelAsync);
#pragma warning restore MCP9005
        return services;
    }

#pragma warning disable MCP9006 // The stateful-session options are "obsolete" in favour of sessionless MCP; we serve both kinds of client.
    private static void ConfigureTransport(HttpServerTransportOptions transport)
    {
        // Initialize-based clients get sessions (kept in grains); 2026-07-28 clients stay sessionless.
        transport.SessionMode = HttpServerSessionMode.StatefulForInitializeClients;
#pragma warning disable MCPEXP002 // RunSessionHandler is experimental; without it each idle session holds its initialize request's context.
        transport.RunSessionHandler = RunSessionWithoutRequestContext;
#pragma warning restore MCPEXP002
    }

    /// <summary>
    /// The SDK starts a session's message loop inside the initialize request, so the loop would keep that request's
    /// ExecutionContext (its Activity with every tag, the HttpContext accessor's holder) for as long as this process
    /// holds the session. The loop needs none of it: each message runs in the context of the POST that carried it
    /// (<c>PerSessionExecutionContext</c> is off). Sessionless requests keep theirs: their handlers run in the loop's.
    /// </summary>
    private static Task RunSessionWithoutRequestContext(HttpContext context, McpServer server, CancellationToken sessionClosed)
    {
        if (server.SessionId is null)
        {
            return server.RunAsync(sessionClosed);
        }

        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(() => server.RunAsync(sessionClosed), CancellationToken.None);
        }
    }

    private sealed class LocalSessionCacheSetup(IOptions<McpEndpointOptions> options) : IPostConfigureOptions<HttpServerTransportOptions>
    {
        public void PostConfigure(string? name, HttpServerTransportOptions transport) =>
            transport.IdleTimeout = options.Value.LocalSessionCacheTimeout;
    }
#pragma warning restore MCP9006

    public static IEndpointConventionBuilder MapPlatformMcp(this IEndpointRouteBuilder endpoints) =>
        AgentEndpoint.Mark(endpoints.MapMcp(RoutePattern).RequireAuthorization(AuthorizationPolicies.TenantAgent).WithMetadata(SessionGated.Instance));

    /// <summary>Origin and size checks for every tenant MCP request, before authentication and the SDK.</summary>
    public static WebApplication UseMcpTransportGuard(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(TenantPathPrefix), branch => branch.UseMiddleware<McpTransportGuard>());
        return app;
    }

    /// <summary>Cluster-wide session checks, after authentication (the principal is known) and before the SDK.</summary>
    public static WebApplication UseMcpSessionGate(this WebApplication app)
    {
        app.UseWhen(context => context.GetEndpoint()?.Metadata.GetMetadata<SessionGated>() is not null && context.User.Identity?.IsAuthenticated == true,
            branch => branch.UseMiddleware<McpSessionGate>());
        return app;
    }

    private const string TenantPathPrefix = "/t";

    /// <summary>Marks the Streamable HTTP endpoint, whose <c>Mcp-Session-Id</c> requests pass the session gate.</summary>
    private sealed class SessionGated
    {
        public static readonly SessionGated Instance = new();
    }

    private static async ValueTask<ListToolsResult> ListToolsAsync(RequestContext<ListToolsRequestParams> context, CancellationToken cancellationToken)
    {
        var tenant = TenantOf(context);
        var services = context.Services!;
        TenantTools tools;
        try
        {
            tools = await services.GetRequiredService<TenantToolCache>().GetAsync(tenant);
        }
        catch (Exception e) when (PassingFailures.IsPassing(e) && !cancellationToken.IsCancellationRequested)
        {
            throw PlatformUnavailableResults.ForRequest(e, tenant, RequestMethods.ToolsList, services.GetRequiredService<ILoggerFactory>());
        }

        var pageSize = services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<McpEndpointOptions>>().CurrentValue.ToolsPageSize;
        return ToolPageJson.Answer(context, tools.For(context.User.ToolCallerOf()), pageSize);
    }

    private static async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var tenant = TenantOf(context);
        var name = context.Params?.Name ?? throw new McpProtocolException("Missing tool name.", McpErrorCode.InvalidParams);
        var arguments = context.Params.Arguments is { Count: > 0 } given ? JsonSerializer.SerializeToUtf8Bytes(given) : [];
        var keyId = context.User?.KeyIdOf();
        var idempotency = IdempotencyKeyReader.Read(context);
        if (idempotency.Problem is { } badKey)
        {
            return await ToolResultMapper.ToMcpAsync(ToolCallResult.Error(ToolCallOutcome.InvalidArguments, badKey), _ => Task.FromResult(""));
        }

        var requestId = context.JsonRpcRequest.Id.ToString();
        using var call = context.Services!.GetRequiredService<InFlightCalls>().Track(context.Server.SessionId, requestId, cancellationToken);
        cancellationToken = call.Token;
        using var observation = ToolCallTelemetry.Start(tenant, keyId, name, context.Server.SessionId, requestId, cancellationToken);
        var progressToken = context.Params.ProgressToken;
        if (progressToken is { } started)
        {
            await context.Server.NotifyProgressAsync(started, new ProgressNotificationValue { Progress = 0, Total = 1, Message = $"Calling {name}" }, cancellationToken: cancellationToken);
        }

        var result = await DispatchAsync(context, tenant, name, new ToolCallRequest
        {
            ToolName = name,
            ArgumentsJson = arguments,
            KeyId = keyId,
            IdempotencyKey = idempotency.Key,
            IdempotencyKeySource = idempotency.Source,
            SessionId = context.Server.SessionId,
            RequestId = requestId,
            Caller = context.User.ToolCallerOf(),
        }, cancellationToken);
        observation.Finish(result);
        if (progressToken is { } finished)
        {
            await context.Server.NotifyProgressAsync(finished, new ProgressNotificationValue { Progress = 1, Total = 1, Message = $"{name} answered" }, cancellationToken: cancellationToken);
        }

        if (result.Outcome == ToolCallOutcome.UnknownTool)
        {
            throw new McpProtocolException($"Unknown tool '{name}'. Call tools/list for this tenant's tools.", McpErrorCode.InvalidParams);
        }

        if (ToolResultJson.Defer(context, result) is { } deferred)
        {
            return deferred;
        }

        var http = context.Services!.GetRequiredService<IHttpContextAccessor>().HttpContext!;
        var links = context.Services!.GetRequiredService<StoredResponseLinks>();
        return await ToolResultMapper.ToMcpAsync(result, id => links.CreateAsync(http.Request, tenant, id));
    }

    /// <summary>
    /// Sends the call to the tenant's registry grain (with the headers it forwards). A failure of the platform itself
    /// (a silo gone mid-call, the database restarting) becomes a retriable error result rather than the SDK's generic one.
    /// </summary>
    private static async Task<ToolCallResult> DispatchAsync(RequestContext<CallToolRequestParams> context, string tenant, string name, ToolCallRequest request, CancellationToken cancellationToken)
    {
        var services = context.Services!;
        try
        {
            var forwarded = await services.GetRequiredService<ForwardedHeaderCapture>()
                .CaptureAsync(tenant, name, services.GetRequiredService<IHttpContextAccessor>().HttpContext);
            var registry = services.GetRequiredService<TenantToolCache>().RegistryOf(tenant);
            var callId = Guid.NewGuid().ToString("N");
            using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var call = registry.CallToolAsync(request with { ForwardedHeaders = forwarded, CallId = callId }, abandon.Token);
            if (await ToolCallWatch.IsLostAsync(registry, callId, call))
            {
                await abandon.CancelAsync();
                _ = call.ContinueWith(static lost => lost.Exception, TaskContinuationOptions.OnlyOnFaulted);
                return PlatformUnavailableResults.ForLostCall(tenant, name, services.GetRequiredService<ILoggerFactory>());
            }

            return await call;
        }
        catch (Exception e) when (PassingFailures.IsPassing(e) && !cancellationToken.IsCancellationRequested)
        {
            return PlatformUnavailableResults.ForToolCall(e, tenant, name, services.GetRequiredService<ILoggerFactory>());
        }
    }

#pragma warning disable MCP9005 // The logging API is "obsolete" for 2026-07-28 clients; older clients still call setLevel.
    /// <summary>Keeps the level with the session in the cluster, so it survives a move to another frontend.</summary>
    private static async ValueTask<EmptyResult> SetLoggingLevelAsync(RequestContext<SetLevelRequestParams> context, CancellationToken cancellationToken)
    {
        if (context.Server.SessionId is { } sessionId && context.Params is { } request)
        {
            var level = System.Text.Json.JsonSerializer.SerializeToElement(request.Level, McpJsonUtilities.DefaultOptions).GetString() ?? request.Level.ToString();
            await context.Services!.GetRequiredService<IClusterClient>().GetGrain<McpPlatform.Contracts.Sessions.IMcpSessionGrain>(sessionId).SetLogLevelAsync(level);
        }

        return new EmptyResult();
    }
#pragma warning restore MCP9005

    /// <summary>The tenant is the one in the URL; the authorization policy has already checked the key belongs to it.</summary>
    public static string TenantOf(MessageContext context)
    {
        var http = context.Services!.GetRequiredService<IHttpContextAccessor>().HttpContext;
        return http?.GetRouteValue(AuthorizationPolicies.TenantRouteValue) as string
            ?? throw new McpProtocolException("This endpoint is not bound to a tenant.", McpErrorCode.InvalidRequest);
    }
}
