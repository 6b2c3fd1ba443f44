using System.Net;
using System.Text.Json;
using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

/// <summary>A tenant's <c>auth</c> settings (how agents sign in) through the admin API.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TenantAuthSettingsTests(PlatformFixture fixture)
{
    private const string FullAuth = """
        {
          "apiKeys": false,
          "oauth": {
            "issuer": "https://login.example.com/realms/acme",
            "audience": "https://mcp.example.com/t/acme/mcp",
            "requiredScopes": ["mcp:tools"],
            "roleClaim": "realm_access.roles",
            "access": [ { "apis": ["billing"], "tools": ["deleteCustomer"], "scopes": ["billing:write"], "roles": ["finance"] } ],
            "proxy": { "clientId": "abc123", "defaultScopes": ["openid", "mcp:tools"], "authorizeParameters": { "audience": "https://api" },
                       "redirectUris": ["https://claude.ai/api/mcp/auth_callback", "vscode://mcp/callback"] }
          }
        }
        """;

    private static string Patch(string auth) => $$"""{"auth": {{auth}}}""";

    [Fact]
    public async Task A_new_tenant_accepts_its_keys_only_until_it_names_an_identity_provider()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var auth = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}")).Expect(HttpStatusCode.OK).GetProperty("auth");
        Assert.True(auth.GetProperty("apiKeys").GetBoolean());
        Assert.False(auth.TryGetProperty("oauth", out _));
    }

    [Fact]
    public async Task A_tenant_admin_sets_the_settings_and_gets_them_back_as_given()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var patched = (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", Patch(FullAuth))).Expect(HttpStatusCode.OK);
        var got = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}")).Expect(HttpStatusCode.OK);

        var expected = JsonDocument.Parse(FullAuth).RootElement;
        AssertJsonEqual(expected, patched.GetProperty("auth"));
        AssertJsonEqual(expected, got.GetProperty("auth"));

        // What GET shows, sent back, changes nothing.
        var again = (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", Patch(got.GetProperty("auth").GetRawText()))).Expect(HttpStatusCode.OK);
        AssertJsonEqual(expected, again.GetProperty("auth"));

        // A change of something else keeps them; "auth" replaces them as a whole.
        AssertJsonEqual(expected, (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { displayName = "Acme" }))
            .Expect(HttpStatusCode.OK).GetProperty("auth"));
        var replaced = (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}",
            Patch("""{"oauth": {"issuer": "http://localhost:8080/realms/dev"}}"""))).Expect(HttpStatusCode.OK).GetProperty("auth");
        AssertJsonEqual(JsonDocument.Parse("""{"apiKeys": true, "oauth": {"issuer": "http://localhost:8080/realms/dev", "requiredScopes": [], "access": []}}""").RootElement, replaced);

        // {} is the default again: tenant keys only.
        var cleared = (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", Patch("{}"))).Expect(HttpStatusCode.OK).GetProperty("auth");
        Assert.True(cleared.GetProperty("apiKeys").GetBoolean());
        Assert.False(cleared.TryGetProperty("oauth", out _));
    }

    [Fact]
    public async Task The_operator_creates_a_tenant_with_its_settings()
    {
        using var operatorClient = fixture.Admin();
        var id = "oauth-" + Guid.NewGuid().ToString("N")[..8];
        var body = $$"""{"id": "{{id}}", "auth": {{FullAuth}}}""";
        var created = (await operatorClient.SendAsync(HttpMethod.Post, "/admin/v1/tenants", body)).Expect(HttpStatusCode.Created);
        AssertJsonEqual(JsonDocument.Parse(FullAuth).RootElement, created.GetProperty("auth"));
        AssertJsonEqual(JsonDocument.Parse(FullAuth).RootElement,
            (await operatorClient.GetAsync($"/admin/v1/tenants/{id}")).Expect(HttpStatusCode.OK).GetProperty("auth"));
        Assert.Contains((await operatorClient.GetAsync("/admin/v1/tenants")).Expect(HttpStatusCode.OK).EnumerateArray(),
            t => t.GetProperty("id").GetString() == id && t.GetProperty("auth").GetProperty("oauth").GetProperty("issuer").GetString() == "https://login.example.com/realms/acme");
    }

    [Fact]
    public async Task Agents_and_other_tenants_admins_may_not_change_them()
    {
        var tenant = await fixture.CreateTenantAsync();
        var other = await fixture.CreateTenantAsync();
        using var agent = fixture.Admin(tenant.AgentKey);
        using var stranger = fixture.Admin(other.AdminKey);
        (await agent.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", Patch(FullAuth))).ExpectProblem(HttpStatusCode.Forbidden);
        (await stranger.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", Patch(FullAuth))).ExpectProblem(HttpStatusCode.Forbidden);

        using var operatorClient = fixture.Admin();
        var auth = (await operatorClient.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", Patch(FullAuth))).Expect(HttpStatusCode.OK).GetProperty("auth");
        Assert.False(auth.GetProperty("apiKeys").GetBoolean());
    }

    [Theory]
    [InlineData("[]", "'auth' must be an object")]
    [InlineData("""{"apiKey": true}""", "'auth.apiKey' is not a setting")]
    [InlineData("""{"apiKeys": "yes"}""", "'auth.apiKeys' must be true or false")]
    [InlineData("""{"apiKeys": false}""", "only together with 'auth.oauth'")]
    [InlineData("""{"oauth": "https://login.example.com"}""", "'auth.oauth' must be an object")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "scopes": ["a"]}}""", "'auth.oauth.scopes' is not a setting")]
    [InlineData("""{"oauth": {}}""", "'auth.oauth.issuer'")]
    [InlineData("""{"oauth": {"issuer": "login.example.com"}}""", "'auth.oauth.issuer'")]
    [InlineData("""{"oauth": {"issuer": "http://login.example.com"}}""", "'auth.oauth.issuer'")]
    [InlineData("""{"oauth": {"issuer": "http://10.0.0.5/realms/acme"}}""", "'auth.oauth.issuer'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com/?tenant=acme"}}""", "'auth.oauth.issuer'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com/#acme"}}""", "'auth.oauth.issuer'")]
    [InlineData("""{"oauth": {"issuer": "https://user:pw@login.example.com"}}""", "'auth.oauth.issuer'")]
    [InlineData("""{"oauth": {"issuer": "ftp://login.example.com"}}""", "'auth.oauth.issuer'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "audience": "not a uri"}}""", "'auth.oauth.audience'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "audience": "::"}}""", "'auth.oauth.audience'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "audience": ""}}""", "'auth.oauth.audience'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "requiredScopes": "mcp:tools"}}""", "'auth.oauth.requiredScopes' must be an array")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "requiredScopes": ["mcp tools"]}}""", "\"mcp tools\" is not one")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "requiredScopes": [""]}}""", "'auth.oauth.requiredScopes'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "requiredScopes": [7]}}""", "'auth.oauth.requiredScopes'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "roleClaim": "realm_access..roles"}}""", "'auth.oauth.roleClaim'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "roleClaim": ""}}""", "'auth.oauth.roleClaim'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "access": {}}}""", "'auth.oauth.access' must be an array")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "access": [{"tools": ["x"], "scope": ["a"]}]}}""", "'auth.oauth.access[0].scope' is not a setting")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "access": [{"scopes": ["a"]}]}}""", "'auth.oauth.access[0]' restricts nothing")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "access": [{"apis": ["billing"]}]}}""", "'auth.oauth.access[0]' lets no one in")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "access": [{"apis": ["Billing!"], "scopes": ["a"]}]}}""", "'auth.oauth.access[0].apis'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "access": [{"tools": ["a"], "scopes": ["a"]}, {"tools": [""], "scopes": ["a"]}]}}""", "'auth.oauth.access[1].tools'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "access": [{"tools": ["a"], "roles": ["finance"]}]}}""", "needs 'auth.oauth.roleClaim'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "proxy": {}}}""", "'auth.oauth.proxy.clientId' is required")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "proxy": {"clientId": "abc", "clientSecret": "s"}}}""", "'auth.oauth.proxy.clientSecret' is not a setting")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "proxy": {"clientId": "abc", "defaultScopes": ["a b"]}}}""", "'auth.oauth.proxy.defaultScopes'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "proxy": {"clientId": "abc", "authorizeParameters": {"redirect_uri": "https://evil"}}}}""", "set by the sign-in flow")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "proxy": {"clientId": "abc", "authorizeParameters": {"audience": 5}}}}""", "'auth.oauth.proxy.authorizeParameters'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "proxy": {"clientId": "abc", "authorizeParameters": ["audience"]}}}""", "'auth.oauth.proxy.authorizeParameters' must be an object")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "proxy": {"clientId": "abc", "redirectUris": "https://a.example/cb"}}}""", "'auth.oauth.proxy.redirectUris' must be an array")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "proxy": {"clientId": "abc", "redirectUris": ["http://a.example/cb"]}}}""", "'auth.oauth.proxy.redirectUris'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "proxy": {"clientId": "abc", "redirectUris": ["javascript:alert(1)"]}}}""", "'auth.oauth.proxy.redirectUris'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "proxy": {"clientId": "abc", "redirectUris": ["https://a.example/cb#x"]}}}""", "'auth.oauth.proxy.redirectUris'")]
    [InlineData("""{"oauth": {"issuer": "https://login.example.com", "proxy": {"clientId": "abc", "redirectUris": ["/relative"]}}}""", "'auth.oauth.proxy.redirectUris'")]
    public async Task Invalid_settings_are_400_naming_the_field_and_change_nothing(string auth, string detail)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", Patch(FullAuth))).Expect(HttpStatusCode.OK);
        var before = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}")).Expect(HttpStatusCode.OK);

        var body = $$"""{"displayName": "Changed", "auth": {{auth}}}""";
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", body)).ExpectProblem(HttpStatusCode.BadRequest, detail);

        var after = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}")).Expect(HttpStatusCode.OK);
        AssertJsonEqual(before, after);

        // The same mistake refuses a new tenant too, and creates nothing.
        using var operatorClient = fixture.Admin();
        var id = "refused-" + Guid.NewGuid().ToString("N")[..8];
        (await operatorClient.SendAsync(HttpMethod.Post, "/admin/v1/tenants", $$"""{"id": "{{id}}", "auth": {{auth}}}""")).ExpectProblem(HttpStatusCode.BadRequest, detail);
        (await operatorClient.GetAsync($"/admin/v1/tenants/{id}")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Too_many_rules_or_scopes_are_400()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var rules = Enumerable.Range(0, 101).Select(i => new { tools = new[] { $"tool{i}" }, scopes = new[] { "s" } });
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}",
            new { auth = new { oauth = new { issuer = "https://login.example.com", access = rules } } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "at most 100 rules");
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}",
            new { auth = new { oauth = new { issuer = "https://login.example.com", requiredScopes = Enumerable.Range(0, 65).Select(i => $"s{i}") } } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "at most 64");
        (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}",
            new { auth = new { oauth = new { issuer = "https://login.example.com/" + new string('r', 2048) } } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "'auth.oauth.issuer'");
    }

    [Theory]
    [InlineData("http://localhost:8080/realms/dev")]
    [InlineData("http://127.0.0.1:9000")]
    [InlineData("http://[::1]:9000/issuer")]
    [InlineData("https://login.microsoftonline.com/contoso/v2.0")]
    public async Task Http_issuers_are_accepted_on_this_machine_only_and_kept_exactly_as_given(string issuer)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var auth = (await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant.Id}", new { auth = new { oauth = new { issuer } } }))
            .Expect(HttpStatusCode.OK).GetProperty("auth");
        Assert.Equal(issuer, auth.GetProperty("oauth").GetProperty("issuer").GetString());
    }

    /// <summary>Same JSON value: objects compared by property (order aside), arrays by order.</summary>
    private static void AssertJsonEqual(JsonElement expected, JsonElement actual) =>
        Assert.True(JsonElement.DeepEquals(expected, actual), $"expected {expected.GetRawText()}\nactual   {actual.GetRawText()}");
}
