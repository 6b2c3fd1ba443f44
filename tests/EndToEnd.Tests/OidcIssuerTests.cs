using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>
/// The test identity provider itself (<see cref="OidcIssuer"/>, oidc-provider under Node 22), checked the way a
/// resource server checks its tokens: RS256 JWTs with the asked audience and scopes, signed by a key in its JWKS;
/// key rotation; the headless code flow. No platform involved.
/// </summary>
public sealed class OidcIssuerTests
{
    private const string Resource = "http://127.0.0.1:5999/t/acme/mcp";
    private const string RedirectUri = "http://127.0.0.1:1/callback";

    private static OidcIssuerOptions Options => new()
    {
        Scopes = ["contacts:read", "contacts:write"],
        Account = "alice",
        AccountClaims = new JsonObject { ["roles"] = new JsonArray("billing-admins") },
        Clients =
        [
            OidcClient.Service("billing-job", "job-secret", new JsonObject { ["roles"] = new JsonArray("ops") }),
            OidcClient.Public("desktop-app", RedirectUri),
        ],
    };

    [Fact]
    public async Task Client_credentials_token_is_a_jwt_for_the_asked_resource_signed_by_a_key_in_the_jwks()
    {
        await using var issuer = await OidcIssuer.StartAsync(Options);

        var token = await issuer.GetClientCredentialsTokenAsync("billing-job", "job-secret", "contacts:read", Resource);

        var result = await ValidateAsync(token, issuer, await issuer.GetJwksAsync());
        Assert.True(result.IsValid, $"token rejected: {result.Exception}");
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal(issuer.KeyId, jwt.Kid);
        Assert.Equal([Resource], jwt.Audiences);
        Assert.Equal("contacts:read", jwt.GetClaim("scope").Value);
        Assert.Equal("billing-job", jwt.GetClaim("client_id").Value);
        Assert.Equal("billing-job", jwt.Subject);
        Assert.Equal("ops", jwt.GetClaim("roles").Value); // the client's tokenClaims
        Assert.InRange((jwt.ValidTo - jwt.IssuedAt).TotalSeconds, 299, 301);
    }

    [Fact]
    public async Task A_token_for_another_audience_does_not_validate_for_this_resource()
    {
        await using var issuer = await OidcIssuer.StartAsync(Options);

        var token = await issuer.GetClientCredentialsTokenAsync("billing-job", "job-secret", "contacts:read", "http://127.0.0.1:5999/t/globex/mcp");

        var result = await ValidateAsync(token, issuer, await issuer.GetJwksAsync());
        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Exception);
    }

    [Fact]
    public async Task Rotating_keys_changes_the_kid_drops_the_old_key_and_the_jwks_is_fetched_again()
    {
        await using var issuer = await OidcIssuer.StartAsync(Options);
        var oldKid = issuer.KeyId;
        var oldToken = await issuer.GetClientCredentialsTokenAsync("billing-job", "job-secret", "contacts:read", Resource);
        var oldJwks = await issuer.GetJwksAsync();
        Assert.True((await ValidateAsync(oldToken, issuer, oldJwks)).IsValid);

        await issuer.RotateKeysAsync();

        Assert.NotEqual(oldKid, issuer.KeyId);
        var newJwks = await issuer.GetJwksAsync();
        Assert.Equal([issuer.KeyId], new JsonWebKeySet(newJwks).Keys.Select(k => k.Kid));
        var newToken = await issuer.GetClientCredentialsTokenAsync("billing-job", "job-secret", "contacts:read", Resource);
        Assert.Equal(issuer.KeyId, new JsonWebToken(newToken).Kid);
        // A resource server holding the old JWKS cannot check the new token; with the new JWKS the old token fails.
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>((await ValidateAsync(newToken, issuer, oldJwks)).Exception);
        Assert.True((await ValidateAsync(newToken, issuer, newJwks)).IsValid);
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>((await ValidateAsync(oldToken, issuer, newJwks)).Exception);

        // The request log spans the restart: the JWKS was served once per key generation.
        Assert.Equal([0, 1], issuer.Requests.Where(r => r.Path == "/jwks").Select(r => r.Generation));
    }

    [Fact]
    public async Task Headless_code_flow_signs_in_the_account_and_yields_a_jwt_for_the_resource()
    {
        await using var issuer = await OidcIssuer.StartAsync(Options);

        var tokens = await issuer.RunCodeFlowAsync(OidcClient.Public("desktop-app", RedirectUri), RedirectUri, "contacts:read contacts:write", Resource);

        var result = await ValidateAsync(tokens.GetProperty("access_token").GetString()!, issuer, await issuer.GetJwksAsync());
        Assert.True(result.IsValid, $"token rejected: {result.Exception}");
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("alice", jwt.Subject);
        Assert.Equal("contacts:read contacts:write", jwt.GetClaim("scope").Value);
        Assert.Equal("desktop-app", jwt.GetClaim("client_id").Value);
        Assert.Equal("billing-admins", jwt.GetClaim("roles").Value); // accountClaims
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refresh_token").GetString()), $"refresh token expected: {tokens}");
        // The browser's part: authorize → interaction (login and consent at once) → resume → redirect with the code.
        Assert.Equal(["GET /auth 303", "GET /interaction 303", "GET /auth 303", "POST /token 200"],
            issuer.Requests.Select(r => $"{r.Method} {TrimUid(r.Path)} {r.Status}").Where(r => !r.Contains("/jwks", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Dynamic_registration_is_refused_when_switched_off()
    {
        await using var issuer = await OidcIssuer.StartAsync(Options with { Registration = false });
        using var http = new HttpClient();

        var discovery = JsonDocument.Parse(await http.GetStringAsync($"{issuer.Issuer}/.well-known/oauth-authorization-server")).RootElement;
        Assert.Equal(issuer.Issuer, discovery.GetProperty("issuer").GetString());
        Assert.False(discovery.TryGetProperty("registration_endpoint", out _), discovery.ToString());
        using var response = await http.PostAsync($"{issuer.Issuer}/reg", new StringContent("""{"redirect_uris":["http://127.0.0.1:1/cb"]}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string TrimUid(string path) => path.Count(c => c == '/') > 1 ? path[..path.LastIndexOf('/')] : path;

    private static Task<TokenValidationResult> ValidateAsync(string token, OidcIssuer issuer, string jwks) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer,
            ValidAudience = Resource,
            IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
}
