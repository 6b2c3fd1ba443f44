using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace McpPlatform.Frontend.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;JWT&gt;</c> at a tenant's agent endpoints with the tenant's own identity
/// provider (see <see cref="TenantTokenValidator"/>). Refusals are written by <see cref="AuthChallenges"/>.
/// </summary>
public sealed class TenantOAuthHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TenantAuthCache tenants,
    TenantTokenValidator validator,
    AuthChallenges challenges) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TenantOAuth";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ApiKeyAuthenticationHandler.PresentedKey(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        if (AgentEndpoint.TenantOf(Context) is not { } tenant || await tenants.GetAsync(tenant) is not { OAuth: { } oauth })
        {
            return Refuse(TokenCheck.Invalid("This tenant does not accept OAuth access tokens; send one of its API keys."));
        }

        var check = await validator.CheckAsync(Request, tenant, oauth, token);
        return check.Outcome == TokenCheckOutcome.Valid
            ? AuthenticateResult.Success(new AuthenticationTicket(check.Principal!, SchemeName))
            : Refuse(check);
    }

    private AuthenticateResult Refuse(TokenCheck check)
    {
        AuthChallenges.Remember(Context, check);
        return AuthenticateResult.Fail(check.Reason ?? "Invalid access token.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => challenges.ChallengeAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => challenges.ForbidAsync(Context);
}
