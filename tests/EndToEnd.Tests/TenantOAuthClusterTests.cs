using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>Per-tenant OAuth on the real architecture: two frontends (Orleans clients), a silo, PostgreSQL.</summary>
public sealed class TenantOAuthClusterTests
{
    private static OidcIssuerOptions Provider() => new()
    {
        Scopes = ["mcp:tools"],
        Clients = [OidcClient.Service("robot", "robot-secret"), OidcClient.Service("other-robot", "other-secret")],
    };

    [Fact]
    public async Task Two_tenants_with_two_identity_providers_on_two_frontends_refuse_each_others_tokens_and_sessions_keep_their_principal()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_oauth");
        await using var platform = new PlatformProcesses();
        await using var firstProvider = await OidcIssuer.StartAsync(Provider());
        await using var secondProvider = await OidcIssuer.StartAsync(Provider());
        try
        {
            await platform.StartSiloAsync("silo-1", postgres);
            var (_, frontend1) = await platform.StartClusterFrontendAsync("frontend-1", postgres);
            var (_, frontend2) = await platform.StartClusterFrontendAsync("frontend-2", postgres);
            var crm = await platform.StartCrmApiAsync();
            var first = await CreateTenantAsync(frontend1, crm, "acme", firstProvider);
            var second = await CreateTenantAsync(frontend2, crm, "globex", secondProvider);
            // The audience is the tenant's MCP URL as the client calls it, so each frontend's URL gets its own token.
            string Url(string frontend, string tenant) => $"{frontend}/t/{tenant}/mcp";
            var firstTokens = new Dictionary<string, string>();
            var secondTokens = new Dictionary<string, string>();
            foreach (var frontend in new[] { frontend1, frontend2 })
            {
                firstTokens[frontend] = await firstProvider.GetClientCredentialsTokenAsync("robot", "robot-secret", "mcp:tools", Url(frontend, first));
                secondTokens[frontend] = await secondProvider.GetClientCredentialsTokenAsync("robot", "robot-secret", "mcp:tools", Url(frontend, second));
            }

            foreach (var frontend in new[] { frontend1, frontend2 })
            {
                Assert.Equal(HttpStatusCode.OK, (await PostAsync(Url(frontend, first), firstTokens[frontend])).Status);
                Assert.Equal(HttpStatusCode.OK, (await PostAsync(Url(frontend, second), secondTokens[frontend])).Status);
                Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Url(frontend, first), secondTokens[frontend])).Status);
                Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Url(frontend, second), firstTokens[frontend])).Status);
            }

            // The silo fetched each provider's keys once for both frontends.
            Assert.Single(firstProvider.Requests, r => r.Path == "/jwks");
            Assert.Single(secondProvider.Requests, r => r.Path == "/jwks");

            // A session opened on frontend 1 continues on frontend 2 with its principal's token, not with another's.
            var opened = await PostAsync(Url(frontend1, first), firstTokens[frontend1]);
            var sameAudienceOnFrontend2 = await firstProvider.GetClientCredentialsTokenAsync("robot", "robot-secret", "mcp:tools", Url(frontend2, first));
            var otherPrincipal = await firstProvider.GetClientCredentialsTokenAsync("other-robot", "other-secret", "mcp:tools", Url(frontend2, first));
            const string ping = """{"jsonrpc":"2.0","id":5,"method":"ping"}""";
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Url(frontend2, first), sameAudienceOnFrontend2, opened.SessionId, ping)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(Url(frontend2, first), otherPrincipal, opened.SessionId, ping)).Status);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"{e}\n\nProcess output:\n{platform.Diagnostics}");
        }
    }

    private static async Task<string> CreateTenantAsync(string frontend, string crm, string tenant, OidcIssuer provider)
    {
        using var admin = new AdminClient(frontend, PlatformProcesses.OperatorKey);
        await admin.CreateTenantAsync(tenant);
        await admin.RegisterApiByUrlAsync(tenant, CrmScenario.Api, crm + "/openapi/v1.json");
        using var response = await admin.SendAsync(HttpMethod.Patch, $"/admin/v1/tenants/{tenant}", new JsonObject
        {
            ["auth"] = new JsonObject { ["oauth"] = new JsonObject { ["issuer"] = provider.Issuer, ["requiredScopes"] = new JsonArray("mcp:tools") } },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return tenant;
    }

    private const string Initialize = """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"e2e","version":"1"}}}""";

    private static async Task<(HttpStatusCode Status, string? SessionId)> PostAsync(string url, string token, string? sessionId = null, string body = Initialize)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
            request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, response.Headers.TryGetValues("Mcp-Session-Id", out var ids) ? ids.Single() : null);
    }
}
