using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Client;
using static McpPlatform.EndToEnd.Tests.Infrastructure.NodeMcpSession;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>The quick-start platform and the sample CRM API, for tenants that sign their agents in with OAuth.</summary>
public sealed class OAuthPlatformFixture : IAsyncLifetime
{
    private readonly PlatformProcesses platform = new();
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "mcp-oauth-" + Guid.NewGuid().ToString("N"));

    public string Frontend { get; private set; } = "";

    public string Crm { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Crm = await platform.StartCrmApiAsync();
        (_, Frontend) = await platform.StartEmbeddedAsync("embedded-oauth", dataDirectory, FreePort.Next(), settings: new Dictionary<string, string?>
        {
            // A key rotation is picked up at the next unknown key id rather than after the default 10 s floor.
            ["Platform__IdentityProviders__MinRefreshInterval"] = "00:00:00.500",
            ["Platform__OAuth__SettingsCacheTime"] = "00:00:00",
            // So a token that expired a few seconds ago is refused without a long wait.
            ["Platform__OAuth__ClockSkew"] = "00:00:01",
        });
    }

    public AdminClient Admin() => new(Frontend, PlatformProcesses.OperatorKey);

    public string McpUrl(string tenant) => $"{Frontend}/t/{tenant}/mcp";

    /// <summary>A tenant with the CRM API whose agents sign in at <paramref name="issuer"/>; <c>mcp:tools</c> is required.</summary>
    public static string NewTenantId() => "oa-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Where the tenant's provider sends the OAuth proxy's authorization responses.</summary>
    public string ProxyCallback(string tenant) => $"{Frontend}/t/{tenant}/oauth/callback";

    public async Task<string> CreateTenantAsync(OidcIssuer issuer, JsonObject? proxy = null, JsonArray? access = null, string? tenant = null)
    {
        tenant ??= NewTenantId();
        using var admin = Admin();
        await admin.CreateTenantAsync(tenant);
        await admin.RegisterApiByUrlAsync(tenant, CrmScenario.Api, Crm + "/openapi/v1.json");
        var oauth = new JsonObject
        {
            ["issuer"] = issuer.Issuer,
            ["requiredScopes"] = new JsonArray("mcp:tools"),
            ["roleClaim"] = "roles",
            ["access"] = access ?? [],
        };
        if (proxy is not null)
        {
            oauth["proxy"] = proxy;
        }

        using var response = await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant}", new JsonObject { ["auth"] = new JsonObject { ["oauth"] = oauth } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return tenant;
    }

    /// <summary>An MCP initialize with <paramref name="token"/>; the response's status and challenge are what a test looks at.</summary>
    public async Task<HttpResponseMessage> InitializeAsync(string tenant, string? token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, McpUrl(tenant))
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"e2e","version":"1"}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>Runs a test body; a failure carries the platform's process output.</summary>
    public Task RunAsync(Func<Task> body) => platform.RunAsync(body);

    public async Task DisposeAsync()
    {
        await platform.DisposeAsync();
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// Per-tenant OAuth against a real OAuth 2.1 / OpenID Connect server (oidc-provider), with the official TypeScript SDK
/// client and mcp-remote signing in headlessly: discovery from the 401, dynamic registration or the platform's proxy,
/// the code flow with PKCE and a resource indicator, then tool calls with the token.
/// </summary>
public sealed class TenantOAuthEndToEndTests(OAuthPlatformFixture fixture) : IClassFixture<OAuthPlatformFixture>
{
    private static OidcIssuerOptions Provider(bool registration = true, int ttlSeconds = 300) => new()
    {
        Registration = registration,
        Scopes = ["mcp:tools", "crm:write"],
        AccessTokenTtlSeconds = ttlSeconds,
        Account = "alice",
        AccountClaims = new JsonObject { ["roles"] = new JsonArray("sales") },
        Clients =
        [
            OidcClient.Service("robot", "robot-secret"),
        ],
    };

    [Fact]
    public Task TypeScript_sdk_client_discovers_from_the_401_signs_in_and_calls_tools() => fixture.RunAsync(async () =>
    {
        await using var issuer = await OidcIssuer.StartAsync(Provider());
        var tenant = await fixture.CreateTenantAsync(issuer);
        var mcpUrl = fixture.McpUrl(tenant);

        var session = await TsSdkOAuthClient.RunAsync(mcpUrl, clientInformation: null, ListTools(), CallTool("listContacts"));

        var trail = TsSdkOAuthClient.Trail(session, new Dictionary<string, string> { [issuer.Issuer] = "issuer", [fixture.Frontend] = "platform" });
        Assert.Equal(
        [
            $"POST platform/t/{tenant}/mcp 401",
            $"GET platform/.well-known/oauth-protected-resource/t/{tenant}/mcp 200",
            "GET issuer/.well-known/oauth-authorization-server 200",
            "POST issuer/reg 201",
            "GET issuer/auth 303",
            "GET issuer/interaction/{uid} 303",
            "GET issuer/auth/{uid} 303",
            "POST issuer/token 200",
            $"POST platform/t/{tenant}/mcp 200 bearer",
        ], trail.Take(9));
        var challenge = session.GetProperty("auth").GetProperty("requests")[0].GetProperty("wwwAuthenticate").GetString();
        Assert.Equal($"Bearer resource_metadata=\"{fixture.Frontend}/.well-known/oauth-protected-resource/t/{tenant}/mcp\", scope=\"mcp:tools\"", challenge);
        var token = session.GetProperty("auth").GetProperty("accessToken");
        Assert.Equal(mcpUrl, token.GetProperty("aud").GetString());
        Assert.Contains(session.GetProperty("results")[0].GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "listContacts");
        Assert.False(session.GetProperty("results")[1].TryGetProperty("isError", out var isError) && isError.GetBoolean());

        // The audit log says who called: the token's subject, client and scopes.
        using var admin = fixture.Admin();
        var call = await Eventually.SucceedsAsync(async () => (await admin.GetAsync($"/admin/v1/tenants/{tenant}/calls")).GetProperty("calls")[0], TimeSpan.FromSeconds(30));
        Assert.Equal("alice", call.GetProperty("subject").GetString());
        Assert.Equal(token.GetProperty("client_id").GetString(), call.GetProperty("clientId").GetString());
        Assert.Contains("mcp:tools", call.GetProperty("scopes").GetString(), StringComparison.Ordinal);
    });

    [Fact]
    public Task Mcp_remote_connects_to_a_tenant_with_oauth() => fixture.RunAsync(async () =>
    {
        await using var issuer = await OidcIssuer.StartAsync(Provider());
        var tenant = await fixture.CreateTenantAsync(issuer);

        var session = await McpRemoteClient.RunAsync(fixture.McpUrl(tenant), clientInformation: null, ListTools(), CallTool("listContacts"));

        Assert.Contains(session.GetProperty("results")[0].GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "listContacts");
        Assert.False(session.GetProperty("results")[1].TryGetProperty("isError", out var isError) && isError.GetBoolean());
        Assert.Contains(issuer.Requests, r => r is { Method: "POST", Path: "/reg", Status: 201 });
    });

    [Fact]
    public Task The_proxy_signs_the_sdk_in_at_a_provider_without_dynamic_registration() => fixture.RunAsync(async () =>
    {
        var (tenant, issuer) = await StartProxiedTenantAsync();
        await using var _ = issuer;

        var session = await TsSdkOAuthClient.RunAsync(fixture.McpUrl(tenant), clientInformation: null, ListTools(), CallTool("listContacts"));

        var trail = TsSdkOAuthClient.Trail(session, new Dictionary<string, string> { [issuer.Issuer] = "issuer", [fixture.Frontend] = "platform" });
        Assert.Equal(
        [
            $"POST platform/t/{tenant}/mcp 401",
            $"GET platform/.well-known/oauth-protected-resource/t/{tenant}/mcp 200",
            $"GET platform/.well-known/oauth-authorization-server/t/{tenant}/oauth 200",
            $"POST platform/t/{tenant}/oauth/register 201",
            $"GET platform/t/{tenant}/oauth/authorize 302",
            "GET issuer/auth 303",
            "GET issuer/interaction/{uid} 303",
            "GET issuer/auth/{uid} 303",
            $"GET platform/t/{tenant}/oauth/callback 302",
            $"POST platform/t/{tenant}/oauth/token 200",
            $"POST platform/t/{tenant}/mcp 200 bearer",
        ], trail.Take(11));
        var token = session.GetProperty("auth").GetProperty("accessToken");
        Assert.Equal("platform-proxy", token.GetProperty("client_id").GetString());
        Assert.Equal(fixture.McpUrl(tenant), token.GetProperty("aud").GetString());
        Assert.DoesNotContain(issuer.Requests, r => r.Path == "/reg");
        Assert.False(session.GetProperty("results")[1].TryGetProperty("isError", out var isError) && isError.GetBoolean());
    });

    [Fact]
    public Task Tokens_for_another_resource_from_another_issuer_expired_or_without_the_scope_are_refused() => fixture.RunAsync(async () =>
    {
        await using var issuer = await OidcIssuer.StartAsync(Provider());
        await using var shortLived = await OidcIssuer.StartAsync(Provider(ttlSeconds: 1));
        await using var stranger = await OidcIssuer.StartAsync(Provider());
        var tenant = await fixture.CreateTenantAsync(issuer);
        var expiring = await fixture.CreateTenantAsync(shortLived);
        var resource = fixture.McpUrl(tenant);

        var good = await issuer.GetClientCredentialsTokenAsync("robot", "robot-secret", "mcp:tools", resource);
        var otherResource = await issuer.GetClientCredentialsTokenAsync("robot", "robot-secret", "mcp:tools", fixture.McpUrl("someone-else"));
        var otherIssuer = await stranger.GetClientCredentialsTokenAsync("robot", "robot-secret", "mcp:tools", resource);
        var withoutScope = await issuer.GetClientCredentialsTokenAsync("robot", "robot-secret", "crm:write", resource);
        var soonExpired = await shortLived.GetClientCredentialsTokenAsync("robot", "robot-secret", "mcp:tools", fixture.McpUrl(expiring));

        Assert.Equal(HttpStatusCode.OK, (await fixture.InitializeAsync(tenant, good)).StatusCode);
        await AssertRefusedAsync(tenant, otherResource, HttpStatusCode.Unauthorized, "error=\"invalid_token\"", "not for this resource");
        await AssertRefusedAsync(tenant, otherIssuer, HttpStatusCode.Unauthorized, "error=\"invalid_token\"", "not issued by this tenant");
        await AssertRefusedAsync(tenant, withoutScope, HttpStatusCode.Forbidden, "error=\"insufficient_scope\"", "scope=\"mcp:tools\"");
        await Task.Delay(TimeSpan.FromSeconds(3)); // 1 s lifetime and 1 s of allowed clock skew
        await AssertRefusedAsync(expiring, soonExpired, HttpStatusCode.Unauthorized, "error=\"invalid_token\"", "expired");
    });

    private async Task AssertRefusedAsync(string tenant, string token, HttpStatusCode status, params string[] inChallenge)
    {
        using var response = await fixture.InitializeAsync(tenant, token);
        Assert.Equal(status, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        foreach (var part in inChallenge)
        {
            Assert.Contains(part, challenge, StringComparison.Ordinal);
        }
    }

    [Fact]
    public Task A_key_rotation_at_the_issuer_is_picked_up_without_restarting_the_platform() => fixture.RunAsync(async () =>
    {
        await using var issuer = await OidcIssuer.StartAsync(Provider());
        var tenant = await fixture.CreateTenantAsync(issuer);
        var resource = fixture.McpUrl(tenant);
        var before = await issuer.GetClientCredentialsTokenAsync("robot", "robot-secret", "mcp:tools", resource);
        Assert.Equal(HttpStatusCode.OK, (await fixture.InitializeAsync(tenant, before)).StatusCode);

        await issuer.RotateKeysAsync();
        await Task.Delay(TimeSpan.FromSeconds(1)); // past the configured floor between two fetches
        var after = await issuer.GetClientCredentialsTokenAsync("robot", "robot-secret", "mcp:tools", resource);

        Assert.Equal(HttpStatusCode.OK, (await fixture.InitializeAsync(tenant, after)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.InitializeAsync(tenant, before)).StatusCode);
        Assert.Contains(issuer.Requests, r => r is { Generation: 1, Path: "/jwks", Status: 200 });
    });

    [Fact]
    public Task Two_tenants_with_two_identity_providers_on_the_same_frontend_refuse_each_others_tokens() => fixture.RunAsync(async () =>
    {
        await using var firstProvider = await OidcIssuer.StartAsync(Provider());
        await using var secondProvider = await OidcIssuer.StartAsync(Provider());
        var first = await fixture.CreateTenantAsync(firstProvider);
        var second = await fixture.CreateTenantAsync(secondProvider);

        var forFirst = await firstProvider.GetClientCredentialsTokenAsync("robot", "robot-secret", "mcp:tools", fixture.McpUrl(first));
        var forSecond = await secondProvider.GetClientCredentialsTokenAsync("robot", "robot-secret", "mcp:tools", fixture.McpUrl(second));
        // Each provider will also mint a token naming the other tenant's URL: the issuer still gives it away.
        var firstProviderForSecond = await firstProvider.GetClientCredentialsTokenAsync("robot", "robot-secret", "mcp:tools", fixture.McpUrl(second));

        Assert.Equal(HttpStatusCode.OK, (await fixture.InitializeAsync(first, forFirst)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.InitializeAsync(second, forSecond)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.InitializeAsync(first, forSecond)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.InitializeAsync(second, forFirst)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.InitializeAsync(second, firstProviderForSecond)).StatusCode);
    });

    [Fact]
    public Task CSharp_sdk_client_discovers_from_the_401_signs_in_and_calls_tools() => fixture.RunAsync(async () =>
    {
        await using var issuer = await OidcIssuer.StartAsync(Provider());
        var tenant = await fixture.CreateTenantAsync(issuer);

        var authorizeUrl = await ConnectCSharpSdkAndCallAsync(tenant);

        // The SDK found the provider from the tenant's metadata, registered, and asked for this tenant's MCP URL.
        var authorize = System.Web.HttpUtility.ParseQueryString(authorizeUrl.Query);
        Assert.StartsWith(issuer.Issuer + "/auth", authorizeUrl.ToString(), StringComparison.Ordinal);
        Assert.Equal(fixture.McpUrl(tenant), authorize["resource"]);
        Assert.Contains("mcp:tools", authorize["scope"]!.Split(' '));
        Assert.Contains(issuer.Requests, r => r is { Method: "POST", Path: "/reg", Status: 201 });
    });

    [Fact]
    public Task CSharp_sdk_client_signs_in_through_the_proxy() => fixture.RunAsync(async () =>
    {
        var (tenant, issuer) = await StartProxiedTenantAsync();
        await using var _ = issuer;

        var authorizeUrl = await ConnectCSharpSdkAndCallAsync(tenant);

        Assert.StartsWith($"{fixture.Frontend}/t/{tenant}/oauth/authorize", authorizeUrl.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(issuer.Requests, r => r.Path == "/reg");
    });

    /// <summary>
    /// A tenant whose provider cannot register clients, with the proxy on: the provider knows one public client for the
    /// tenant, whose only redirect URI is the platform's callback.
    /// </summary>
    private async Task<(string Tenant, OidcIssuer Issuer)> StartProxiedTenantAsync()
    {
        var tenant = OAuthPlatformFixture.NewTenantId();
        var issuer = await OidcIssuer.StartAsync(Provider(registration: false) with
        {
            Clients = [OidcClient.Public("platform-proxy", fixture.ProxyCallback(tenant))],
        });
        try
        {
            await fixture.CreateTenantAsync(issuer, proxy: new JsonObject { ["clientId"] = "platform-proxy" }, tenant: tenant);
            return (tenant, issuer);
        }
        catch
        {
            await issuer.DisposeAsync();
            throw;
        }
    }

    private const string CSharpRedirectUri = "http://127.0.0.1:1/callback";

    /// <summary>The C# SDK client with OAuth (dynamic registration, a headless browser); lists and calls; returns the authorize URL it used.</summary>
    private async Task<Uri> ConnectCSharpSdkAndCallAsync(string tenant)
    {
        var authorizeUrls = new List<Uri>();
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(fixture.McpUrl(tenant)),
            TransportMode = HttpTransportMode.StreamableHttp,
            OAuth = new ClientOAuthOptions
            {
                RedirectUri = new Uri(CSharpRedirectUri),
                DynamicClientRegistration = new DynamicClientRegistrationOptions { ClientName = "csharp-sdk-e2e" },
                AuthorizationCallbackHandler = async (context, cancellationToken) =>
                {
                    authorizeUrls.Add(context.AuthorizationUri);
                    var answered = System.Web.HttpUtility.ParseQueryString(
                        (await HeadlessBrowser.FollowToRedirectUriAsync(context.AuthorizationUri, context.RedirectUri.ToString())).Query);
                    return new AuthorizationResult { Code = answered["code"], State = answered["state"], Iss = answered["iss"] };
                },
            },
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: timeout.Token);

        var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
        var result = await client.CallToolAsync("listContacts", new Dictionary<string, object?>(), cancellationToken: timeout.Token);

        Assert.Contains(tools, t => t.Name == "listContacts");
        Assert.NotEqual(true, result.IsError);
        return Assert.Single(authorizeUrls);
    }
}
