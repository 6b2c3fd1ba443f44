using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using McpPlatform.Platform.Tests.Infrastructure;
using McpPlatform.TestCommon;
using Microsoft.IdentityModel.Tokens;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Platform.Tests;

/// <summary>One platform whose identity-provider copies refresh quickly, and one issuer per test class.</summary>
public sealed class TenantOAuthFixture : IAsyncLifetime
{
    public PlatformFactory Platform { get; } = new(new Dictionary<string, string?>
    {
        // A rotation is picked up on the next unknown key id, not 10 s later (the default floor between fetches).
        ["Platform:IdentityProviders:MinRefreshInterval"] = "00:00:00.200",
        // Changed settings apply to the next request.
        ["Platform:OAuth:SettingsCacheTime"] = "00:00:00",
    });

    public TestUpstream Upstream { get; } = new();

    public TestIssuer Issuer { get; } = new();

    public async Task InitializeAsync()
    {
        await Upstream.StartAsync();
        await Issuer.StartAsync();
        _ = Platform.Server;
    }

    public async Task DisposeAsync()
    {
        await Platform.DisposeAsync();
        await Issuer.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    public AdminApiClient Admin(string key = PlatformFactory.OperatorKey) => new(Platform.CreateClient(), key);

    /// <summary>The tenant's MCP URL as the in-process client reaches it: the default audience of its tokens.</summary>
    public static string Resource(string tenant) => $"http://localhost/t/{tenant}/mcp";

    /// <summary>A tenant with the items API whose agents sign in at <paramref name="issuer"/> (scope <c>mcp:tools</c> required).</summary>
    public async Task<string> CreateOAuthTenantAsync(TestIssuer? issuer = null, object? access = null, bool apiKeys = true, object? proxy = null, string? audience = null)
    {
        var id = $"o-{Guid.NewGuid().ToString("N")[..10]}";
        using var admin = Admin();
        await admin.CreateTenantAsync(id);
        (await admin.PutApiAsync(id, "items", new { openApiUrl = Upstream.BaseUrl + "/openapi.json" })).Expect(HttpStatusCode.Created);
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{id}", new
        {
            auth = new
            {
                apiKeys,
                oauth = new
                {
                    issuer = (issuer ?? Issuer).Issuer,
                    audience,
                    requiredScopes = new[] { "mcp:tools" },
                    roleClaim = "roles",
                    access = access ?? Array.Empty<object>(),
                    proxy,
                },
            },
        })).Expect(HttpStatusCode.OK);
        return id;
    }

    public async Task<HttpResponseMessage> PostInitializeAsync(string tenant, string? token, string? sessionId = null, string? body = null)
    {
        using var http = Platform.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/t/{tenant}/mcp") { Content = new StringContent(body ?? RawMcp.Initialize, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", RawMcp.DefaultVersion);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}

/// <summary>Agents signing in with the tenant's own identity provider: what a token must be, and what it then may do.</summary>
public sealed class TenantOAuthTests(TenantOAuthFixture fixture) : IClassFixture<TenantOAuthFixture>
{
    private static string Challenge(HttpResponseMessage response) => response.Headers.WwwAuthenticate.ToString();

    [Fact]
    public async Task A_token_from_the_tenants_identity_provider_lists_and_calls_tools()
    {
        var tenant = await fixture.CreateOAuthTenantAsync();
        var token = fixture.Issuer.Mint(TenantOAuthFixture.Resource(tenant));

        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant, token, "2025-06-18");
        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "getItem");
        var result = await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "42" });
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("42", result.StructuredContent!.Value.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Without_a_token_the_401_points_at_the_tenants_protected_resource_metadata()
    {
        var tenant = await fixture.CreateOAuthTenantAsync();

        using var response = await fixture.PostInitializeAsync(tenant, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var metadataUrl = $"http://localhost/.well-known/oauth-protected-resource/t/{tenant}/mcp";
        Assert.Equal($"Bearer resource_metadata=\"{metadataUrl}\", scope=\"mcp:tools\"", Challenge(response));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var http = fixture.Platform.CreateClient();
        using var metadata = await http.GetAsync(metadataUrl);
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        var document = JsonDocument.Parse(await metadata.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(TenantOAuthFixture.Resource(tenant), document.GetProperty("resource").GetString());
        Assert.Equal([fixture.Issuer.Issuer], document.GetProperty("authorization_servers").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("mcp:tools", document.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["header"], document.GetProperty("bearer_methods_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Tokens_for_another_audience_from_another_issuer_expired_or_forged_are_refused_with_401_invalid_token()
    {
        var tenant = await fixture.CreateOAuthTenantAsync();
        var resource = TenantOAuthFixture.Resource(tenant);
        var stranger = new SigningCredentials(new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = fixture.Issuer.SigningKey.KeyId }, SecurityAlgorithms.RsaSha256);
        var publicKeyAsSecret = new SigningCredentials(new SymmetricSecurityKey(fixture.Issuer.SigningKey.Rsa.ExportSubjectPublicKeyInfo()), SecurityAlgorithms.HmacSha256);
        var refused = new Dictionary<string, (string Token, string Description)>
        {
            ["wrong audience"] = (fixture.Issuer.Mint("http://localhost/t/other/mcp"), "not for this resource"),
            ["wrong issuer"] = (fixture.Issuer.Mint(resource, issuer: "https://evil.example"), "not issued by this tenant's identity provider"),
            ["expired"] = (fixture.Issuer.Mint(resource, expiresIn: TimeSpan.FromMinutes(-2)), "expired"),
            ["signed by another key with the same kid"] = (fixture.Issuer.Mint(resource, signWith: stranger), "signature does not verify"),
            ["HMAC over the public key"] = (fixture.Issuer.Mint(resource, signWith: publicKeyAsSecret), ""),
            ["not a JWT at all"] = ("eyJhbGciOiJub25lIn0.e30.", ""),
        };

        foreach (var (name, (token, description)) in refused)
        {
            using var response = await fixture.PostInitializeAsync(tenant, token);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {response.StatusCode}");
            var challenge = Challenge(response);
            Assert.StartsWith("Bearer error=\"invalid_token\", resource_metadata=", challenge);
            Assert.Contains(description, challenge, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_token_a_little_past_its_expiry_is_still_accepted_within_the_clock_skew()
    {
        var tenant = await fixture.CreateOAuthTenantAsync();

        using var response = await fixture.PostInitializeAsync(tenant, fixture.Issuer.Mint(TenantOAuthFixture.Resource(tenant), expiresIn: TimeSpan.FromSeconds(-5)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_required_scope_is_refused_with_403_insufficient_scope()
    {
        var tenant = await fixture.CreateOAuthTenantAsync();

        using var response = await fixture.PostInitializeAsync(tenant, fixture.Issuer.Mint(TenantOAuthFixture.Resource(tenant), scope: "openid profile"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var challenge = Challenge(response);
        Assert.StartsWith("Bearer error=\"insufficient_scope\", resource_metadata=", challenge);
        Assert.Contains("scope=\"mcp:tools\"", challenge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_rotation_at_the_issuer_is_picked_up_without_restart()
    {
        await using var issuer = new TestIssuer();
        await issuer.StartAsync();
        var tenant = await fixture.CreateOAuthTenantAsync(issuer);
        var resource = TenantOAuthFixture.Resource(tenant);
        var beforeRotation = issuer.Mint(resource);
        using (var response = await fixture.PostInitializeAsync(tenant, beforeRotation))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        issuer.RotateKeys();
        await Task.Delay(300); // the floor between two fetches of one provider's keys, as configured above
        using (var response = await fixture.PostInitializeAsync(tenant, issuer.Mint(resource)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await fixture.PostInitializeAsync(tenant, beforeRotation))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // Keys are fetched once per rotation, not per token.
        for (var i = 0; i < 5; i++)
        {
            using var response = await fixture.PostInitializeAsync(tenant, issuer.Mint(resource));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2, issuer.JwksRequests);
    }

    [Fact]
    public async Task Two_tenants_with_two_identity_providers_do_not_accept_each_others_tokens()
    {
        await using var otherIssuer = new TestIssuer();
        await otherIssuer.StartAsync();
        var first = await fixture.CreateOAuthTenantAsync();
        var second = await fixture.CreateOAuthTenantAsync(otherIssuer);
        var third = await fixture.CreateOAuthTenantAsync(); // same provider as the first: told apart by the audience

        var forFirst = fixture.Issuer.Mint(TenantOAuthFixture.Resource(first));
        var forSecond = otherIssuer.Mint(TenantOAuthFixture.Resource(second));

        Assert.Equal(HttpStatusCode.OK, (await fixture.PostInitializeAsync(first, forFirst)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.PostInitializeAsync(second, forSecond)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.PostInitializeAsync(second, forFirst)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.PostInitializeAsync(first, forSecond)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.PostInitializeAsync(third, forFirst)).StatusCode);
        // A token minted for the second tenant's URL by the first tenant's provider: right audience, wrong issuer.
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.PostInitializeAsync(second, fixture.Issuer.Mint(TenantOAuthFixture.Resource(second)))).StatusCode);
    }

    [Fact]
    public async Task A_session_cannot_be_continued_with_another_principals_token()
    {
        var tenant = await fixture.CreateOAuthTenantAsync();
        var resource = TenantOAuthFixture.Resource(tenant);
        using var initialized = await fixture.PostInitializeAsync(tenant, fixture.Issuer.Mint(resource, subject: "alice"));
        var sessionId = initialized.Headers.GetValues("Mcp-Session-Id").Single();
        const string ping = """{"jsonrpc":"2.0","id":7,"method":"ping"}""";

        using var sameUserNewToken = await fixture.PostInitializeAsync(tenant, fixture.Issuer.Mint(resource, subject: "alice"), sessionId, ping);
        using var otherUser = await fixture.PostInitializeAsync(tenant, fixture.Issuer.Mint(resource, subject: "mallory"), sessionId, ping);
        using var otherClient = await fixture.PostInitializeAsync(tenant, fixture.Issuer.Mint(resource, subject: "alice", clientId: "other-app"), sessionId, ping);

        Assert.Equal(HttpStatusCode.OK, sameUserNewToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherUser.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherClient.StatusCode);
    }

    [Fact]
    public async Task Api_keys_can_be_turned_off_at_the_mcp_endpoint_and_then_get_the_oauth_challenge()
    {
        var tenant = await fixture.CreateOAuthTenantAsync(apiKeys: false);
        using var admin = fixture.Admin();
        var agentKey = await admin.CreateKeyAsync(tenant, "agent", "agent");
        var adminKey = await admin.CreateKeyAsync(tenant, "admin", "admin");

        using var withKey = await fixture.PostInitializeAsync(tenant, agentKey);

        Assert.Equal(HttpStatusCode.Unauthorized, withKey.StatusCode);
        Assert.Contains("resource_metadata=", Challenge(withKey), StringComparison.Ordinal);
        Assert.Contains("not API keys", await withKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The admin API still takes the tenant's admin key.
        (await fixture.Admin(adminKey).GetAsync($"/admin/v1/tenants/{tenant}/apis")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Keys_keep_working_beside_oauth_unless_turned_off()
    {
        var tenant = await fixture.CreateOAuthTenantAsync();
        using var admin = fixture.Admin();
        var agentKey = await admin.CreateKeyAsync(tenant, "agent", "agent");

        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant, agentKey);
        Assert.NotEmpty(await client.ListToolsAsync());
    }

    [Fact]
    public async Task An_oauth_token_reaches_no_admin_endpoint()
    {
        var tenant = await fixture.CreateOAuthTenantAsync();
        var token = fixture.Issuer.Mint(TenantOAuthFixture.Resource(tenant), claims: new Dictionary<string, object> { ["roles"] = new[] { "admin", "operator" } });

        (await fixture.Admin(token).GetAsync($"/admin/v1/tenants/{tenant}")).ExpectProblem(HttpStatusCode.Unauthorized);
        (await fixture.Admin(token).GetAsync("/admin/v1/tenants")).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_tenant_without_oauth_has_no_resource_metadata_and_refuses_tokens_with_the_key_challenge()
    {
        using var admin = fixture.Admin();
        var tenant = $"k-{Guid.NewGuid().ToString("N")[..10]}";
        await admin.CreateTenantAsync(tenant);

        using var http = fixture.Platform.CreateClient();
        using var metadata = await http.GetAsync($"/.well-known/oauth-protected-resource/t/{tenant}/mcp");
        using var response = await fixture.PostInitializeAsync(tenant, fixture.Issuer.Mint(TenantOAuthFixture.Resource(tenant)));

        Assert.Equal(HttpStatusCode.NotFound, metadata.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"mcp-platform\"", Challenge(response));
    }

    [Fact]
    public async Task An_unreachable_identity_provider_is_a_503_to_retry_not_a_401()
    {
        await using var issuer = new TestIssuer { Down = true };
        await issuer.StartAsync();
        var tenant = await fixture.CreateOAuthTenantAsync(issuer);

        using var response = await fixture.PostInitializeAsync(tenant, issuer.Mint(TenantOAuthFixture.Resource(tenant)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("503", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tools_list_shows_each_principal_only_what_its_scopes_and_roles_allow_and_a_hidden_tool_is_refused()
    {
        // Deleting needs the scope items:delete; creating needs the role writers (from the "roles" claim).
        var tenant = await fixture.CreateOAuthTenantAsync(access: new object[]
        {
            new { tools = new[] { "deleteItem" }, scopes = new[] { "items:delete" } },
            new { tools = new[] { "createItem" }, roles = new[] { "writers" } },
        });
        var resource = TenantOAuthFixture.Resource(tenant);
        var reader = fixture.Issuer.Mint(resource, subject: "rita");
        var deleter = fixture.Issuer.Mint(resource, subject: "dan", scope: "mcp:tools items:delete");
        var writer = fixture.Issuer.Mint(resource, subject: "wendy", claims: new Dictionary<string, object> { ["roles"] = new[] { "writers" } });
        var adminRoleOnly = fixture.Issuer.Mint(resource, subject: "eve", claims: new Dictionary<string, object> { ["roles"] = new[] { "admin", "operator" } });
        using var admin = fixture.Admin();
        var key = await admin.CreateKeyAsync(tenant, "agent", "agent");

        async Task<IReadOnlyList<string>> ToolsOfAsync(string credential)
        {
            await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant, credential, "2025-06-18");
            return (await client.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        }

        var all = await ToolsOfAsync(key);
        Assert.Contains("deleteItem", all);
        Assert.Contains("createItem", all);
        Assert.Equal(all.Except(["deleteItem", "createItem"]), await ToolsOfAsync(reader));
        Assert.Equal(all.Except(["createItem"]), await ToolsOfAsync(deleter));
        Assert.Equal(all.Except(["deleteItem"]), await ToolsOfAsync(writer));
        // A tenant role named like a platform role opens nothing more.
        Assert.Equal(all.Except(["deleteItem", "createItem"]), await ToolsOfAsync(adminRoleOnly));

        await using var readerClient = await McpClients.ConnectAsync(fixture.Platform, tenant, reader, "2025-06-18");
        var refused = await readerClient.CallToolAsync("deleteItem", new Dictionary<string, object?> { ["id"] = "1" });
        Assert.True(refused.IsError);
        Assert.Contains("items:delete", refused.Content.OfType<TextContentBlock>().Single().Text, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Upstream.Requests, r => r.Method == "DELETE");

        await using var deleterClient = await McpClients.ConnectAsync(fixture.Platform, tenant, deleter, "2025-06-18");
        Assert.NotEqual(true, (await deleterClient.CallToolAsync("deleteItem", new Dictionary<string, object?> { ["id"] = "1" })).IsError);
    }

    [Fact]
    public async Task Legacy_sse_clients_sign_in_with_the_same_tokens()
    {
        var tenant = await fixture.CreateOAuthTenantAsync();

        await using var client = await McpClients.ConnectLegacySseAsync(fixture.Platform, tenant, fixture.Issuer.Mint(TenantOAuthFixture.Resource(tenant)));

        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "getItem");
        using var http = fixture.Platform.CreateClient();
        using var anonymous = await http.GetAsync($"/t/{tenant}/sse");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("resource_metadata=", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_may_name_its_own_audience_such_as_a_bare_client_id()
    {
        const string clientIdAudience = "0b6f1c55-7d2e-4d8a-9a51-3c1e2f4b5a6d";
        var tenant = await fixture.CreateOAuthTenantAsync(audience: clientIdAudience);

        using var accepted = await fixture.PostInitializeAsync(tenant, fixture.Issuer.Mint(clientIdAudience));
        using var refused = await fixture.PostInitializeAsync(tenant, fixture.Issuer.Mint(TenantOAuthFixture.Resource(tenant)));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(clientIdAudience, Challenge(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_agents_access_token_never_reaches_the_api_even_if_it_forwards_authorization()
    {
        var tenant = await fixture.CreateOAuthTenantAsync();
        using var admin = fixture.Admin();
        (await admin.PutApiAsync(tenant, "items", new
        {
            openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json",
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant },
            forwardHeaders = new[] { "Authorization" },
        })).Expect(HttpStatusCode.OK);
        var token = fixture.Issuer.Mint(TenantOAuthFixture.Resource(tenant));

        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant, token, "2025-06-18");
        Assert.NotEqual(true, (await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "1" })).IsError);

        // The token was issued for the platform (its audience is the MCP URL): passing it on would be token passthrough.
        var received = fixture.Upstream.RequestsFor(tenant).Single();
        Assert.False(received.Headers.ContainsKey("Authorization"));
        Assert.DoesNotContain(received.Headers.Values, v => v.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_proxy_stands_between_clients_and_a_provider_and_sends_codes_only_to_allowed_redirect_uris()
    {
        const string claudeCallback = "https://claude.ai/api/mcp/auth_callback";
        var tenant = await fixture.CreateOAuthTenantAsync(proxy: new
        {
            clientId = "acme-agents",
            defaultScopes = new[] { "openid", "mcp:tools" },
            authorizeParameters = new Dictionary<string, string> { ["audience"] = "https://api.acme.example" },
            redirectUris = new[] { claudeCallback },
        });
        var proxyIssuer = $"http://localhost/t/{tenant}/oauth";
        using var http = fixture.Platform.CreateClient(new() { AllowAutoRedirect = false });

        // The resource's metadata names the proxy; the proxy's metadata names its own endpoints.
        var resource = JsonDocument.Parse(await http.GetStringAsync($"/.well-known/oauth-protected-resource/t/{tenant}/mcp")).RootElement;
        Assert.Equal([proxyIssuer], resource.GetProperty("authorization_servers").EnumerateArray().Select(e => e.GetString()));
        var metadata = JsonDocument.Parse(await http.GetStringAsync($"/.well-known/oauth-authorization-server/t/{tenant}/oauth")).RootElement;
        Assert.Equal(proxyIssuer, metadata.GetProperty("issuer").GetString());
        Assert.Equal(proxyIssuer + "/token", metadata.GetProperty("token_endpoint").GetString());
        Assert.Equal(proxyIssuer + "/register", metadata.GetProperty("registration_endpoint").GetString());
        Assert.True(metadata.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());

        // Registration hands out the tenant's client, for loopback or listed redirect URIs only.
        using var registered = await http.PostAsync($"/t/{tenant}/oauth/register", JsonContent(new { redirect_uris = new[] { "http://127.0.0.1:33418/cb", claudeCallback } }));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal("acme-agents", JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("client_id").GetString());
        using var foreign = await http.PostAsync($"/t/{tenant}/oauth/register", JsonContent(new { redirect_uris = new[] { "https://evil.example/cb" } }));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal("invalid_redirect_uri", JsonDocument.Parse(await foreign.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        // Authorize: on to the provider with the tenant's client and the platform's callback; the client's state rides signed.
        using var refusedAuthorize = await http.GetAsync($"/t/{tenant}/oauth/authorize?response_type=code&client_id=x&redirect_uri={Uri.EscapeDataString("https://evil.example/cb")}&state=s");
        Assert.Equal(HttpStatusCode.BadRequest, refusedAuthorize.StatusCode);
        Assert.Null(refusedAuthorize.Headers.Location);
        using var authorize = await http.GetAsync($"/t/{tenant}/oauth/authorize?response_type=code&client_id=whatever&redirect_uri={Uri.EscapeDataString(claudeCallback)}" +
            "&state=client-state-1&code_challenge=abc&code_challenge_method=S256&resource=" + Uri.EscapeDataString(TenantOAuthFixture.Resource(tenant)));
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var toProvider = authorize.Headers.Location!;
        Assert.StartsWith(fixture.Issuer.Issuer + "/authorize?", toProvider.ToString(), StringComparison.Ordinal);
        var sent = System.Web.HttpUtility.ParseQueryString(toProvider.Query);
        Assert.Equal("acme-agents", sent["client_id"]);
        Assert.Equal($"http://localhost/t/{tenant}/oauth/callback", sent["redirect_uri"]);
        Assert.Equal("openid mcp:tools", sent["scope"]);
        Assert.Equal("https://api.acme.example", sent["audience"]);
        Assert.Equal("abc", sent["code_challenge"]);
        Assert.Equal(TenantOAuthFixture.Resource(tenant), sent["resource"]);
        Assert.NotEqual("client-state-1", sent["state"]);

        // The provider's answer goes to the client's redirect URI with its state and the proxy as issuer (RFC 9207).
        using var callback = await http.GetAsync($"/t/{tenant}/oauth/callback?code=the-code&state={Uri.EscapeDataString(sent["state"]!)}&iss={Uri.EscapeDataString(fixture.Issuer.Issuer)}");
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var toClient = callback.Headers.Location!;
        Assert.StartsWith(claudeCallback + "?", toClient.ToString(), StringComparison.Ordinal);
        var answered = System.Web.HttpUtility.ParseQueryString(toClient.Query);
        Assert.Equal("the-code", answered["code"]);
        Assert.Equal("client-state-1", answered["state"]);
        Assert.Equal(proxyIssuer, answered["iss"]);

        // A state that was changed, or made for another tenant, sends no code anywhere.
        var tampered = sent["state"]!.Replace('A', 'B').Replace('a', 'b');
        using var forged = await http.GetAsync($"/t/{tenant}/oauth/callback?code=the-code&state={Uri.EscapeDataString(tampered)}");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var otherTenant = await fixture.CreateOAuthTenantAsync(proxy: new { clientId = "other" });
        using var elsewhere = await http.GetAsync($"/t/{otherTenant}/oauth/callback?code=the-code&state={Uri.EscapeDataString(sent["state"]!)}");
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);

        // Token: the provider gets the tenant's client and the callback it saw; the client gets the provider's answer.
        using var token = await http.PostAsync($"/t/{tenant}/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = "the-code",
            ["code_verifier"] = "verifier",
            ["client_id"] = "acme-agents",
            ["redirect_uri"] = claudeCallback,
            ["resource"] = TenantOAuthFixture.Resource(tenant),
        }));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.True(JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.TryGetProperty("access_token", out _));
        var exchanged = fixture.Issuer.TokenRequests.Last();
        Assert.Equal($"http://localhost/t/{tenant}/oauth/callback", exchanged["redirect_uri"]);
        Assert.Equal("acme-agents", exchanged["client_id"]);
        Assert.Equal("verifier", exchanged["code_verifier"]);
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_changed_requirement_applies_at_once_to_a_token_accepted_a_moment_ago()
    {
        var tenant = await fixture.CreateOAuthTenantAsync();
        var token = fixture.Issuer.Mint(TenantOAuthFixture.Resource(tenant));
        Assert.Equal(HttpStatusCode.OK, (await fixture.PostInitializeAsync(tenant, token)).StatusCode);

        using var admin = fixture.Admin();
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant}", new
        {
            auth = new { oauth = new { issuer = fixture.Issuer.Issuer, requiredScopes = new[] { "mcp:tools", "mcp:admin" } } },
        })).Expect(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.PostInitializeAsync(tenant, token)).StatusCode);

        await using var otherIssuer = new TestIssuer();
        await otherIssuer.StartAsync();
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant}", new
        {
            auth = new { oauth = new { issuer = otherIssuer.Issuer, requiredScopes = new[] { "mcp:tools" } } },
        })).Expect(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.PostInitializeAsync(tenant, token)).StatusCode);
    }
}
