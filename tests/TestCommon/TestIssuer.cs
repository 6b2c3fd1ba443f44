using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpPlatform.TestCommon;

/// <summary>
/// A small authorization server on a real port: OpenID Connect discovery and a JWKS with RSA keys it can rotate, and
/// access tokens minted to order (any audience, scope, lifetime or key), so each way a token can be wrong is one line.
/// The end-to-end tests use a full OAuth server (oidc-provider) for the flows themselves; the benchmarks use this one.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    private readonly JsonWebTokenHandler tokens = new();
    private WebApplication? app;
    private int jwksRequests;

    public string Issuer { get; private set; } = "";

    /// <summary>The key tokens are signed with, published in the JWKS.</summary>
    public RsaSecurityKey SigningKey { get; private set; } = NewKey();

    /// <summary>How often the JWKS was fetched (the platform should not ask per request).</summary>
    public int JwksRequests => Volatile.Read(ref jwksRequests);

    /// <summary>The forms posted to <c>/token</c>, in order; each is answered with a token for the form's <c>resource</c>.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    /// <summary>When set, discovery answers 503 (a provider that is down).</summary>
    public bool Down { get; set; }

    public async Task StartAsync()
    {
        Issuer = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Issuer);
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", () => Down
            ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
            : Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = Issuer + "/jwks",
                ["authorization_endpoint"] = Issuer + "/authorize",
                ["token_endpoint"] = Issuer + "/token",
                ["scopes_supported"] = new[] { "openid", "mcp:tools" },
                ["code_challenge_methods_supported"] = new[] { "S256" },
            }));
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref jwksRequests);
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(SigningKey.Rsa.ExportParameters(false)) { KeyId = SigningKey.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = (await request.ReadFormAsync()).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
            TokenRequests.Enqueue(form);
            return Results.Json(new { access_token = Mint(form.GetValueOrDefault("resource") ?? "unknown", clientId: form.GetValueOrDefault("client_id") ?? ""), token_type = "Bearer", expires_in = 300 });
        }).DisableAntiforgery();
        await app.StartAsync();
    }

    /// <summary>A new signing key replaces the old one, which is no longer published.</summary>
    public void RotateKeys() => SigningKey = NewKey();

    /// <summary>An access token as this issuer would sign it; every part can be changed to make it wrong.</summary>
    public string Mint(
        string audience,
        string subject = "alice",
        string scope = "mcp:tools",
        string clientId = "test-client",
        IReadOnlyDictionary<string, object>? claims = null,
        TimeSpan? expiresIn = null,
        string? issuer = null,
        SigningCredentials? signWith = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(5));
        var payload = new Dictionary<string, object> { ["sub"] = subject, ["scope"] = scope, ["client_id"] = clientId };
        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
        {
            payload[name] = value;
        }

        return tokens.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            IssuedAt = expires < now ? expires.AddMinutes(-10) : now,
            NotBefore = expires < now ? expires.AddMinutes(-10) : now,
            Expires = expires,
            Claims = payload,
            SigningCredentials = signWith ?? new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
            TokenType = "at+jwt",
        });
    }

    private static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N")[..12] };

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
