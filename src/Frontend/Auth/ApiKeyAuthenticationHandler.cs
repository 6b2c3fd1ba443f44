using System.Security.Claims;
using System.Text.Encodings.Web;
using McpPlatform.Contracts.Registry;
using McpPlatform.Contracts.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace McpPlatform.Frontend.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;key&gt;</c> (or <c>X-Platform-Key: &lt;key&gt;</c>) with an operator key or a tenant key.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    OperatorKeyVerifier operatorKeys,
    TenantKeyVerifier tenantKeys,
    TenantAuthCache tenants,
    AuthChallenges challenges) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey(Request) is not { } presented)
        {
            return AuthenticateResult.NoResult();
        }

        if (ApiKeyFormat.TryParse(presented, out var tenantKey))
        {
            var info = await tenantKeys.VerifyAsync(tenantKey, presented);
            if (info is null)
            {
                return AuthenticateResult.Fail("Unknown or revoked key.");
            }

            if (await KeysRefusedHereAsync(tenantKey.TenantId))
            {
                var refusal = TokenCheck.Invalid("This tenant's MCP endpoint accepts only access tokens from its identity provider, not API keys.");
                AuthChallenges.Remember(Context, refusal);
                return AuthenticateResult.Fail(refusal.Reason!);
            }

            var role = info.Role == ApiKeyRole.Admin ? PlatformClaims.AdminRole : PlatformClaims.AgentRole;
            return Success(
                new Claim(PlatformClaims.Tenant, tenantKey.TenantId),
                new Claim(PlatformClaims.KeyId, info.Id),
                // The MCP SDK binds stateful sessions to this claim.
                new Claim(ClaimTypes.NameIdentifier, $"{tenantKey.TenantId}/{info.Id}"),
                new Claim(PlatformClaims.Role, role),
                new Claim(ClaimTypes.Name, $"{tenantKey.TenantId}/{info.Name}"));
        }

        if (await operatorKeys.VerifyAsync(presented))
        {
            return Success(
                new Claim(PlatformClaims.Role, PlatformClaims.OperatorRole),
                new Claim(ClaimTypes.NameIdentifier, PlatformClaims.OperatorRole),
                new Claim(ClaimTypes.Name, "operator"));
        }

        return AuthenticateResult.Fail("Unknown or revoked key.");
    }

    /// <summary>
    /// The key from <c>X-Platform-Key</c> when sent (which leaves <c>Authorization</c> to carry a token an API forwards
    /// upstream), otherwise from <c>Authorization: Bearer</c>.
    /// </summary>
    public static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers[HeaderForwarding.PlatformKeyHeader].ToString() is { Length: > 0 } platformKey)
        {
            return platformKey.Trim();
        }

        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..].Trim() : null;
    }

    /// <summary>A tenant may turn keys off at its agent endpoints once its agents sign in with OAuth (admin keys keep the admin API).</summary>
    private async ValueTask<bool> KeysRefusedHereAsync(string keyTenant) =>
        AgentEndpoint.Is(Context) && AgentEndpoint.TenantOf(Context) == keyTenant && await tenants.GetAsync(keyTenant) is { ApiKeys: false };

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => challenges.ChallengeAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => challenges.ForbidAsync(Context);

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}
