using McpPlatform.Contracts.Tenants;
using McpPlatform.Frontend.Hosting;
using Microsoft.Net.Http.Headers;

namespace McpPlatform.Frontend.Auth;

/// <summary>
/// What a refused request is told. At the agent endpoint of a tenant with OAuth: 401 with the RFC 9728 pointer to the
/// tenant's protected-resource metadata and the scopes to ask for (how MCP clients discover where to sign in), 403
/// <c>insufficient_scope</c> for a token without a required scope. Everywhere else: the key challenge. Always a
/// problem+json body.
/// </summary>
public sealed class AuthChallenges(TenantAuthCache tenants, PublicUrls urls, IProblemDetailsService problems)
{
    private static readonly object FailureKey = new();

    /// <summary>Keeps why authentication failed, for the challenge that follows.</summary>
    public static void Remember(HttpContext context, TokenCheck failure) => context.Items[FailureKey] = failure;

    public async Task ChallengeAsync(HttpContext context)
    {
        var failure = context.Items[FailureKey] as TokenCheck;
        if (AgentEndpoint.Is(context) && AgentEndpoint.TenantOf(context) is { } tenant && await tenants.GetAsync(tenant) is { OAuth: { } oauth })
        {
            await OAuthChallengeAsync(context, tenant, oauth, failure);
            return;
        }

        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer realm=\"mcp-platform\"";
        await WriteProblemAsync(context, StatusCodes.Status401Unauthorized, "Authentication required",
            failure?.Reason ?? "Send 'Authorization: Bearer <key>' with an operator key or a key of this tenant.");
    }

    public Task ForbidAsync(HttpContext context) =>
        WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
            "This key may not do this here: tenant keys reach only their own tenant, and 'agent' keys only its MCP endpoint.");

    private Task OAuthChallengeAsync(HttpContext context, string tenant, TenantOAuthSettings oauth, TokenCheck? failure)
    {
        var parameters = new List<string> { $"resource_metadata=\"{TenantResourceUrls.ProtectedResourceMetadata(urls.Root(context.Request), tenant)}\"" };
        if (oauth.RequiredScopes.Count > 0)
        {
            parameters.Add($"scope=\"{string.Join(' ', oauth.RequiredScopes)}\"");
        }

        switch (failure?.Outcome)
        {
            case TokenCheckOutcome.KeysUnavailable:
                context.Response.Headers.RetryAfter = "5";
                return WriteProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "Identity provider unavailable", failure.Reason!);
            case TokenCheckOutcome.InsufficientScope:
                parameters.Insert(0, "error=\"insufficient_scope\"");
                parameters.Add($"error_description=\"{Quoted(failure.Reason!)}\"");
                context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer " + string.Join(", ", parameters);
                return WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Insufficient scope", failure.Reason!);
            case TokenCheckOutcome.Invalid:
                parameters.Insert(0, "error=\"invalid_token\"");
                parameters.Add($"error_description=\"{Quoted(failure.Reason!)}\"");
                break;
        }

        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer " + string.Join(", ", parameters);
        return WriteProblemAsync(context, StatusCodes.Status401Unauthorized, "Authentication required",
            failure?.Reason ?? "Sign in with this tenant's identity provider (see the resource_metadata in WWW-Authenticate) or send one of its API keys.");
    }

    /// <summary>RFC 6750 quoted strings exclude '"' and '\'.</summary>
    private static string Quoted(string text) => text.Replace('"', '\'').Replace('\\', '/');

    private async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
