using System.Security.Claims;
using System.Text.Json;
using McpPlatform.Contracts.Sessions;
using McpPlatform.Frontend.Auth;
using McpPlatform.Frontend.Mcp;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Frontend.Sessions;

/// <summary>
/// Records every new MCP session in its grain, and lets any frontend adopt a session it has not seen: the SDK keeps
/// sessions in process memory, the grain is what makes them cluster-wide.
/// </summary>
public sealed class GrainSessionMigrationHandler(IClusterClient cluster, IOptionsMonitor<McpEndpointOptions> options) : ISessionMigrationHandler
{
    public async ValueTask OnSessionInitializedAsync(HttpContext context, string sessionId, InitializeRequestParams initializeParams, CancellationToken cancellationToken)
    {
        var started = await cluster.GetGrain<IMcpSessionGrain>(sessionId).StartAsync(new McpSessionStart
        {
            TenantId = TenantOf(context),
            PrincipalId = PrincipalOf(context.User),
            InitializeParamsJson = JsonSerializer.Serialize(initializeParams, McpJsonUtilities.DefaultOptions),
            NegotiatedProtocolVersion = McpHeaders.Negotiate(initializeParams.ProtocolVersion),
            IdleTimeout = options.CurrentValue.SessionIdleTimeout,
        });
        if (!started)
        {
            throw new McpProtocolException("Session id clash; initialize again.", McpErrorCode.InternalError);
        }
    }

    public async ValueTask<InitializeRequestParams?> AllowSessionMigrationAsync(HttpContext context, string sessionId, CancellationToken cancellationToken)
    {
        var snapshot = await cluster.GetGrain<IMcpSessionGrain>(sessionId).ValidateAsync(TenantOf(context), PrincipalOf(context.User));
        if (snapshot is null)
        {
            return null;
        }

        var parameters = JsonSerializer.Deserialize<InitializeRequestParams>(snapshot.InitializeParamsJson, McpJsonUtilities.DefaultOptions);
        if (parameters is not null)
        {
            // The adopting SDK copy takes the version from here; it decides which protocol features apply.
            parameters.ProtocolVersion = snapshot.NegotiatedProtocolVersion;
        }

        return parameters;
    }

    public static string TenantOf(HttpContext context) => context.GetRouteValue(AuthorizationPolicies.TenantRouteValue) as string ?? "";

    public static string PrincipalOf(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
}
