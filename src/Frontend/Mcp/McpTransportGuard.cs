using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// Runs before the MCP SDK on every tenant MCP request: refuses foreign browser origins (DNS rebinding) and
/// bounds the request size, so a rejected request changes nothing.
/// </summary>
public sealed class McpTransportGuard(RequestDelegate next, IOptionsMonitor<McpEndpointOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var settings = options.CurrentValue;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = settings.MaxRequestBodyBytes;
        }

        if (context.Request.ContentLength > settings.MaxRequestBodyBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {settings.MaxRequestBodyBytes} bytes.");
            return;
        }

        string? origin = context.Request.Headers.Origin;
        if (!string.IsNullOrEmpty(origin) && !IsAllowed(origin, settings.AllowedOrigins))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden,
                $"Origin '{origin}' may not call this MCP endpoint; an operator can allow it in Platform:Mcp:AllowedOrigins.");
            return;
        }

        await next(context);
    }

    private static bool IsAllowed(string origin, string[] allowed)
    {
        if (allowed.Any(a => string.Equals(a.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // Local tools (the MCP Inspector, IDEs) run on loopback; a rebinding attacker's page cannot have a loopback origin.
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.IsLoopback;
    }

    private static Task RefuseAsync(HttpContext context, int status, string message) =>
        JsonRpcErrorResponse.WriteAsync(context, status, JsonRpcErrorResponse.InvalidRequest, message);
}
