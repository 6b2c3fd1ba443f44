using McpPlatform.Contracts.Sessions;

namespace McpPlatform.Frontend.Sessions;

/// <summary>
/// The cluster's word on MCP sessions, applied before the SDK (whose session table is per process): a session id
/// must name a live session of this tenant and this principal, or the answer is 404; DELETE ends it everywhere.
/// </summary>
public sealed class McpSessionGate(RequestDelegate next, IClusterClient cluster)
{
    public async Task InvokeAsync(HttpContext context)
    {
        string? sessionId = context.Request.Headers[McpHeaders.SessionId];
        if (string.IsNullOrEmpty(sessionId) || McpHeaders.IsSessionless(context.Request.Headers[McpHeaders.ProtocolVersion]))
        {
            await next(context);
            return;
        }

        var grain = cluster.GetGrain<IMcpSessionGrain>(sessionId);
        var tenant = GrainSessionMigrationHandler.TenantOf(context);
        var principal = GrainSessionMigrationHandler.PrincipalOf(context.User);
        var known = HttpMethods.IsDelete(context.Request.Method)
            ? await grain.EndAsync(tenant, principal)
            : await grain.ValidateAsync(tenant, principal) is not null;
        if (!known)
        {
            // The same answer for unknown, ended, expired and someone else's session: nothing about other sessions leaks.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsJsonAsync(new
            {
                jsonrpc = "2.0",
                id = (object?)null,
                error = new { code = -32001, message = "Session not found; initialize a new session." },
            });
            return;
        }

        // For DELETE the SDK then drops its local copy (if this frontend has one).
        await next(context);
    }
}
