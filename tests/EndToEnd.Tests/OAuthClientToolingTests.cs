using System.Text.Json.Nodes;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using static McpPlatform.EndToEnd.Tests.Infrastructure.NodeMcpSession;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>
/// The OAuth-capable MCP clients (the TypeScript SDK's OAuth client and mcp-remote) signing in headlessly against the
/// test issuer and a small protected MCP server (<see cref="ProtectedMcpServer"/>), so they are known to work before
/// the platform's per-tenant OAuth is there to point them at.
/// </summary>
public sealed class OAuthClientToolingTests
{
    private static OidcIssuerOptions Options(bool registration = true) => new()
    {
        Registration = registration,
        Scopes = ["contacts:read", "contacts:write"],
        Account = "alice",
        AccountClaims = new JsonObject { ["roles"] = new JsonArray("billing-admins") },
        Clients = [OidcClient.Public("preregistered", TsSdkOAuthClient.DefaultRedirectUri)],
    };

    [Fact]
    public async Task TypeScript_sdk_client_discovers_registers_signs_in_and_calls_with_the_bearer_token()
    {
        await using var issuer = await OidcIssuer.StartAsync(Options());
        await using var server = await ProtectedMcpServer.StartAsync(issuer.Issuer, "contacts:read");

        var session = await TsSdkOAuthClient.RunAsync(server.Url, clientInformation: null, ListTools(), CallTool("whoami"));

        var auth = session.GetProperty("auth");
        Assert.True(auth.GetProperty("registered").GetBoolean());
        var token = auth.GetProperty("accessToken");
        Assert.Equal(server.Url, token.GetProperty("aud").GetString());
        Assert.Equal("alice", token.GetProperty("sub").GetString());
        Assert.Equal("contacts:read", token.GetProperty("scope").GetString());
        Assert.Equal(auth.GetProperty("clientId").GetString(), token.GetProperty("client_id").GetString());
        Assert.Equal("alice", session.GetProperty("results")[1].GetProperty("structuredContent").GetProperty("claims").GetProperty("sub").GetString());

        // The SDK's order: 401 → protected-resource metadata → AS metadata (RFC 8414 first) → register → authorize
        // (headless: interaction, resume) → token → MCP with the Bearer token.
        var trail = TsSdkOAuthClient.Trail(session, new Dictionary<string, string>
        {
            [issuer.Issuer] = "issuer",
            [new Uri(server.Url).GetLeftPart(UriPartial.Authority)] = "mcp",
        });
        Assert.Equal(
        [
            "POST mcp/t/acme/mcp 401",
            "GET mcp/.well-known/oauth-protected-resource/t/acme/mcp 200",
            "GET issuer/.well-known/oauth-authorization-server 200",
            "POST issuer/reg 201",
            "GET issuer/auth 303",
            "GET issuer/interaction/{uid} 303",
            "GET issuer/auth/{uid} 303",
            "POST issuer/token 200",
            "POST mcp/t/acme/mcp 200 bearer",
        ], trail.Take(9));
        Assert.All(trail.Skip(8), line => Assert.EndsWith(" bearer", line, StringComparison.Ordinal));
        var challenge = session.GetProperty("auth").GetProperty("requests")[0].GetProperty("wwwAuthenticate").GetString();
        Assert.Contains("resource_metadata=\"", challenge, StringComparison.Ordinal);
        Assert.Contains("scope=\"contacts:read\"", challenge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypeScript_sdk_client_uses_a_preregistered_client_when_registration_is_off()
    {
        await using var issuer = await OidcIssuer.StartAsync(Options(registration: false));
        await using var server = await ProtectedMcpServer.StartAsync(issuer.Issuer, "contacts:read");

        var session = await TsSdkOAuthClient.RunAsync(server.Url, new JsonObject { ["client_id"] = "preregistered" }, Ping());

        var auth = session.GetProperty("auth");
        Assert.False(auth.GetProperty("registered").GetBoolean());
        Assert.Equal("preregistered", auth.GetProperty("accessToken").GetProperty("client_id").GetString());
        Assert.DoesNotContain(issuer.Requests, r => r.Path == "/reg");
    }

    [Fact]
    public async Task TypeScript_sdk_client_falls_back_to_openid_configuration_when_rfc8414_metadata_is_missing()
    {
        await using var issuer = await OidcIssuer.StartAsync(Options() with { Rfc8414Metadata = false });
        await using var server = await ProtectedMcpServer.StartAsync(issuer.Issuer, "contacts:read");

        var session = await TsSdkOAuthClient.RunAsync(server.Url, clientInformation: null, Ping());

        var trail = TsSdkOAuthClient.Trail(session, new Dictionary<string, string> { [issuer.Issuer] = "issuer" });
        Assert.Equal(
            ["GET issuer/.well-known/oauth-authorization-server 404", "GET issuer/.well-known/openid-configuration 200", "POST issuer/reg 201"],
            trail.Skip(2).Take(3));
    }

    [Fact]
    public async Task Mcp_remote_signs_in_through_a_headless_browser_and_proxies_tool_calls()
    {
        await using var issuer = await OidcIssuer.StartAsync(Options());
        await using var server = await ProtectedMcpServer.StartAsync(issuer.Issuer, "contacts:read");

        var session = await McpRemoteClient.RunAsync(server.Url, clientInformation: null, ListTools(), CallTool("whoami"));

        var claims = session.GetProperty("results")[1].GetProperty("structuredContent").GetProperty("claims");
        Assert.Equal("alice", claims.GetProperty("sub").GetString());
        Assert.Equal(server.Url, claims.GetProperty("aud").GetString());
        var auth = session.GetProperty("auth");
        Assert.Equal(auth.GetProperty("clientId").GetString(), claims.GetProperty("client_id").GetString());
        // One authorization, delivered by the fake browser to mcp-remote's callback on 127.0.0.1.
        var visit = Assert.Single(auth.GetProperty("browser").EnumerateArray());
        var last = visit.GetProperty("trail").EnumerateArray().Last();
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/oauth/callback\?code=", last.GetProperty("url").GetString());
        Assert.Equal(200, last.GetProperty("status").GetInt32());
        Assert.Contains(issuer.Requests, r => r is { Method: "POST", Path: "/reg", Status: 201 });
    }
}
