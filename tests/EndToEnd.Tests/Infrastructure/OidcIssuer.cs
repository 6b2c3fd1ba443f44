using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>A client the issuer knows from the start (oidc-issuer.mjs <c>clients</c>).</summary>
/// <param name="Secret">null: a public client (<c>token_endpoint_auth_method: none</c>, PKCE only).</param>
/// <param name="TokenClaims">Extra claims in this client's client-credentials tokens, e.g. <c>{"roles":["ops"]}</c>.</param>
public sealed record OidcClient(string ClientId, string? Secret, IReadOnlyList<string> GrantTypes, IReadOnlyList<string>? RedirectUris = null, JsonObject? TokenClaims = null)
{
    /// <summary>A confidential client for the client-credentials grant (a test minting tokens directly).</summary>
    public static OidcClient Service(string clientId, string secret, JsonObject? tokenClaims = null) =>
        new(clientId, secret, ["client_credentials"], TokenClaims: tokenClaims);

    /// <summary>A public client for the code flow with PKCE, as an MCP client would be registered by hand.</summary>
    public static OidcClient Public(string clientId, params string[] redirectUris) =>
        new(clientId, null, ["authorization_code", "refresh_token"], redirectUris);

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["client_id"] = ClientId,
            ["grant_types"] = new JsonArray(GrantTypes.Select(g => (JsonNode)g).ToArray()),
            ["redirect_uris"] = new JsonArray((RedirectUris ?? []).Select(u => (JsonNode)u).ToArray()),
            ["token_endpoint_auth_method"] = Secret is null ? "none" : "client_secret_basic",
        };
        if (Secret is not null)
        {
            json["client_secret"] = Secret;
        }

        if (TokenClaims is not null)
        {
            json["tokenClaims"] = TokenClaims.DeepClone();
        }

        return json;
    }
}

/// <summary>What <see cref="OidcIssuer"/> starts with (the rest of oidc-issuer.mjs's config).</summary>
public sealed record OidcIssuerOptions
{
    /// <summary>Dynamic client registration (RFC 7591) at <c>/reg</c>.</summary>
    public bool Registration { get; init; } = true;

    public IReadOnlyList<OidcClient> Clients { get; init; } = [];

    /// <summary>The scopes resource servers may be granted (any resource gets all of them).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    public int AccessTokenTtlSeconds { get; init; } = 300;

    /// <summary>The subject the headless login signs in.</summary>
    public string Account { get; init; } = "alice";

    /// <summary>Extra claims in access tokens issued for <see cref="Account"/>, e.g. <c>{"roles":["billing-admins"]}</c>.</summary>
    public JsonObject? AccountClaims { get; init; }

    /// <summary>false: 404 at <c>/.well-known/oauth-authorization-server</c> (RFC 8414), an IdP with OpenID discovery only.</summary>
    public bool Rfc8414Metadata { get; init; } = true;
}

/// <summary>One request the issuer answered; <paramref name="Generation"/> counts key rotations (0 = first keys).</summary>
public sealed record IssuerRequest(int Generation, string Method, string Path, int Status);

/// <summary>
/// A real OAuth 2.1 / OpenID Connect server (<c>tests/clients/oidc-issuer.mjs</c>, npm oidc-provider, under the
/// pinned Node 22) on a free port of 127.0.0.1, signing with an RSA key made here. Its login is headless: following
/// the authorize URL's redirects signs in <see cref="OidcIssuerOptions.Account"/> and grants what was asked.
/// Access tokens for a resource are RS256 JWTs with that resource as <c>aud</c>.
/// </summary>
public sealed class OidcIssuer : IAsyncDisposable
{
    private static readonly Regex RequestLine = new(@"^request (\S+) (\S+) (\d+)$", RegexOptions.CultureInvariant);
    private readonly OidcIssuerOptions options;
    private readonly string directory;
    private readonly List<IssuerRequest> earlierRequests = [];
    private ChildProcess? process;
    private int generation;

    private OidcIssuer(OidcIssuerOptions options, int port)
    {
        this.options = options;
        Port = port;
        directory = Directory.CreateTempSubdirectory("oidc-issuer-").FullName;
    }

    public int Port { get; }

    /// <summary>The issuer identifier (<c>iss</c>), also its base URL: <c>http://127.0.0.1:PORT</c>.</summary>
    public string Issuer => $"http://127.0.0.1:{Port}";

    public string JwksUri => $"{Issuer}/jwks";

    public string TokenEndpoint => $"{Issuer}/token";

    /// <summary>The <c>kid</c> of the key the issuer signs with now.</summary>
    public string KeyId { get; private set; } = "";

    /// <summary>Every request answered so far, across key rotations, in order.</summary>
    public IReadOnlyList<IssuerRequest> Requests => [.. earlierRequests, .. CurrentRequests()];

    public static async Task<OidcIssuer> StartAsync(OidcIssuerOptions? options = null)
    {
        var issuer = new OidcIssuer(options ?? new OidcIssuerOptions(), FreePort.Next());
        try
        {
            await issuer.StartProcessAsync();
            return issuer;
        }
        catch
        {
            await issuer.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Restarts the issuer on the same port with a fresh key; the old key is gone from the JWKS, so tokens it signed
    /// no longer validate and a resource server has to fetch the JWKS again to accept the new ones.
    /// </summary>
    public async Task RotateKeysAsync()
    {
        earlierRequests.AddRange(CurrentRequests());
        await process!.StopAsync(TimeSpan.FromSeconds(10));
        await process.DisposeAsync();
        process = null;
        generation++;
        await StartProcessAsync();
    }

    /// <summary>A token from the client-credentials grant for <paramref name="resource"/> (RFC 8707), the raw JWT.</summary>
    public async Task<string> GetClientCredentialsTokenAsync(string clientId, string secret, string scope, string resource)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = scope,
                ["resource"] = resource,
            }),
        };
        request.Headers.Authorization = BasicAuthentication(clientId, secret);
        return (await SendTokenRequestAsync(http, request)).GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// The authorization-code flow with PKCE as a browser and a client would do it, headlessly: follows the authorize
    /// URL's redirects (with cookies) to <paramref name="redirectUri"/>, then exchanges the code. Returns the token
    /// response (<c>access_token</c>, <c>refresh_token</c>, <c>scope</c>, …).
    /// </summary>
    public async Task<JsonElement> RunCodeFlowAsync(OidcClient client, string redirectUri, string scope, string resource)
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Guid.NewGuid().ToString("N");
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = client.ClientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["resource"] = resource,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = state,
        };
        var location = await HeadlessBrowser.FollowToRedirectUriAsync(
            new Uri($"{Issuer}/auth?{string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"))}"), redirectUri);

        var parameters = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.True(parameters["state"] == state && parameters["code"] is not null, $"no code in the redirect: {location}");

        using var http = new HttpClient();
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = parameters["code"]!,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
        };
        if (client.Secret is null)
        {
            form["client_id"] = client.ClientId;
        }

        using var token = new HttpRequestMessage(HttpMethod.Post, TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        if (client.Secret is not null)
        {
            token.Headers.Authorization = BasicAuthentication(client.ClientId, client.Secret);
        }

        return await SendTokenRequestAsync(http, token);
    }

    /// <summary>The issuer's JWKS document as served (public keys only).</summary>
    public async Task<string> GetJwksAsync()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(JwksUri);
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartProcessAsync()
    {
        KeyId = $"test-key-{generation}-{Guid.NewGuid():N}"[..24];
        var config = new JsonObject
        {
            ["port"] = Port,
            ["issuer"] = Issuer,
            ["keys"] = new JsonObject { ["keys"] = new JsonArray(NewRsaJwk(KeyId)) },
            ["registration"] = options.Registration,
            ["clients"] = new JsonArray(options.Clients.Select(c => (JsonNode)c.ToJson()).ToArray()),
            ["scopes"] = new JsonArray(options.Scopes.Select(s => (JsonNode)s).ToArray()),
            ["accessTokenTtlSeconds"] = options.AccessTokenTtlSeconds,
            ["account"] = options.Account,
            ["accountClaims"] = options.AccountClaims?.DeepClone() ?? new JsonObject(),
            ["rfc8414Metadata"] = options.Rfc8414Metadata,
        };
        // The private key only lives in this test's temporary folder, deleted on dispose.
        var configFile = Path.Combine(directory, $"config-{generation}.json");
        await File.WriteAllTextAsync(configFile, config.ToJsonString());

        NodeScript.EnsureInstalled();
        if (!File.Exists(NodeScript.Node22))
        {
            throw new InvalidOperationException($"{NodeScript.Node22} is missing: run 'npm ci' in {BuiltApps.NodeClients} first.");
        }

        // oidc-provider 9 supports Node 22 LTS and later; the pinned Node 22 of tests/clients runs it.
        process = ChildProcess.Start("oidc-issuer", NodeScript.Node22, [Path.Combine(BuiltApps.NodeClients, "oidc-issuer.mjs"), configFile], workingDirectory: BuiltApps.NodeClients);
        await process.WaitForOutputAsync(line => line.StartsWith("{\"ready\":true", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
    }

    private List<IssuerRequest> CurrentRequests()
    {
        if (process is null)
        {
            return [];
        }

        return process.Output.Split('\n')
            .Select(line => RequestLine.Match(line))
            .Where(m => m.Success)
            .Select(m => new IssuerRequest(generation, m.Groups[1].Value, m.Groups[2].Value, int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static JsonObject NewRsaJwk(string kid)
    {
        using var rsa = RSA.Create(2048);
        var key = rsa.ExportParameters(includePrivateParameters: true);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = kid,
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["n"] = Base64Url.EncodeToString(key.Modulus),
            ["e"] = Base64Url.EncodeToString(key.Exponent),
            ["d"] = Base64Url.EncodeToString(key.D),
            ["p"] = Base64Url.EncodeToString(key.P),
            ["q"] = Base64Url.EncodeToString(key.Q),
            ["dp"] = Base64Url.EncodeToString(key.DP),
            ["dq"] = Base64Url.EncodeToString(key.DQ),
            ["qi"] = Base64Url.EncodeToString(key.InverseQ),
        };
    }

    private static AuthenticationHeaderValue BasicAuthentication(string clientId, string secret) =>
        // RFC 6749 §2.3.1: both parts form-url-encoded before base64.
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));

    private static async Task<JsonElement> SendTokenRequestAsync(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {request.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
