using McpPlatform.Contracts.Sessions;
using McpPlatform.Frontend.Mcp;
using McpPlatform.Frontend.Streams;

namespace McpPlatform.Frontend.Sessions;

/// <summary>
/// The cluster's word on MCP sessions, applied before the SDK (whose session table is per process): a session id
/// must name a live session of this tenant and this principal, or the answer is 404; DELETE ends it everywhere;
/// GET streams are served here, so they work on any frontend and resume across frontends.
/// </summary>
public sealed class McpSessionGate(RequestDelegate next, IClusterClient cluster, SessionGetStreams streams, ConfirmedSessions confirmed)
{
    public async Task InvokeAsync(HttpContext context)
    {
        string? sessionId = context.Request.Headers[McpHeaders.SessionId];
        if (string.IsNullOrEmpty(sessionId) || McpHeaders.IsSessionless(context.Request.Headers[McpHeaders.ProtocolVersion]))
        {
            await next(context);
            return;
        }

        var tenant = GrainSessionMigrationHandler.TenantOf(context);
        var principal = GrainSessionMigrationHandler.PrincipalOf(context.User);
        var isPost = HttpMethods.IsPost(context.Request.Method);
        if (isPost && confirmed.Recall(sessionId, tenant, principal) is not null)
        {
            await next(context);
            return;
        }

        var grain = cluster.GetGrain<IMcpSessionGrain>(sessionId);
        if (HttpMethods.IsDelete(context.Request.Method))
        {
            confirmed.Forget(sessionId);
            if (!await grain.EndAsync(tenant, principal))
            {
                await SessionNotFoundAsync(context);
                return;
            }

            // The SDK then drops its local copy (if this frontend has one); other frontends' copies are refused here.
            await next(context);
            return;
        }

        var negotiatedVersion = await grain.ConfirmAsync(tenant, principal);
        if (negotiatedVersion is null)
        {
            await SessionNotFoundAsync(context);
            return;
        }

        if (isPost)
        {
            confirmed.Remember(sessionId, tenant, principal, negotiatedVersion);
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            await streams.ServeAsync(context, sessionId, tenant, principal, negotiatedVersion);
            return;
        }

        await next(context);
    }

    /// <summary>The same answer for unknown, ended, expired and someone else's session: nothing about other sessions leaks.</summary>
    private static Task SessionNotFoundAsync(HttpContext context) => JsonRpcErrorResponse.SessionNotFoundAsync(context);
}
