using System.Net;
using System.Text;
using McpPlatform.Platform.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Platform.Tests;

/// <summary>Each kind of upstream credential arrives at a real API as configured, and its secret is never shown back.</summary>
[Collection(PlatformCollection.Name)]
public sealed class UpstreamCredentialsTests(PlatformFixture fixture)
{
    private string Document => UpstreamCallsDocument.Json(fixture.Upstream.BaseUrl);

    /// <summary>What reached the API last from the tenant.</summary>
    private RecordedRequest Received(TestTenant tenant) => fixture.Upstream.RequestsFor(tenant.Id).Last();

    private async Task<(TestTenant Tenant, CallToolResult Result)> CallWithAuthAsync(object auth)
    {
        var tenant = await fixture.CreateTenantAsync();
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "api", new
        {
            openApi = Document,
            auth,
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);
        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey);
        var result = await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "7" });
        return (tenant, result);
    }

    [Fact]
    public async Task An_api_key_in_a_header_arrives_under_the_configured_name()
    {
        var (tenant, result) = await CallWithAuthAsync(new { type = "apiKey", @in = "header", name = "X-Api-Key", value = "key-in-header" });
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("key-in-header", Received(tenant).Headers["X-Api-Key"]);
        Assert.False(Received(tenant).Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task An_api_key_in_the_query_arrives_as_that_parameter()
    {
        var (tenant, result) = await CallWithAuthAsync(new { type = "apiKey", @in = "query", name = "api_key", value = "key in query&more" });
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("/items/7", Received(tenant).Path);
        Assert.Equal("?api_key=key%20in%20query%26more", Received(tenant).Query);
    }

    [Fact]
    public async Task A_bearer_token_arrives_in_authorization()
    {
        var (tenant, result) = await CallWithAuthAsync(new { type = "bearer", token = "static-token-1" });
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("Bearer static-token-1", Received(tenant).Headers["Authorization"]);
    }

    [Fact]
    public async Task Basic_credentials_arrive_encoded_in_authorization()
    {
        var (tenant, result) = await CallWithAuthAsync(new { type = "basic", username = "svc-äöü", password = "p:ss word" });
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("svc-äöü:p:ss word")), Received(tenant).Headers["Authorization"]);
    }

    [Fact]
    public async Task A_client_credentials_token_is_fetched_once_reused_and_fetched_again_after_it_expires()
    {
        var clientId = "client-" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await fixture.CreateTenantAsync();
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "api", new
        {
            openApi = Document,
            auth = new
            {
                type = "oauth2ClientCredentials",
                tokenUrl = fixture.Upstream.BaseUrl + "/oauth/token?expires=3",
                clientId,
                clientSecret = "s3cret-" + clientId,
                scopes = new[] { "items.read", "items.write" },
                audience = "https://items.example",
            },
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);
        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = $"c{i}" }).AsTask()));
        Assert.Equal(1, fixture.Upstream.TokensIssuedTo(clientId));
        var first = fixture.Upstream.RequestsFor(tenant.Id).Where(r => r.Path.StartsWith("/items/", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, first.Count);
        Assert.All(first, r => Assert.Equal($"Bearer tok-{clientId}-1", r.Headers["Authorization"]));

        // The token request itself: client_secret_basic, the grant, the scopes and the audience.
        var tokenRequest = fixture.Upstream.Requests.Single(r => r.Path == "/oauth/token" && r.Headers.GetValueOrDefault("Authorization", "").Length > 0
            && Encoding.UTF8.GetString(Convert.FromBase64String(r.Headers["Authorization"][6..])).StartsWith(clientId + ":", StringComparison.Ordinal));
        var form = System.Web.HttpUtility.ParseQueryString(tokenRequest.Body);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("items.read items.write", form["scope"]);
        Assert.Equal("https://items.example", form["audience"]);
        Assert.Null(form["client_secret"]);

        // A 3 s token is renewed shortly before it runs out.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "after-expiry" });
        Assert.NotEqual(true, later.IsError);
        Assert.Equal(2, fixture.Upstream.TokensIssuedTo(clientId));
        Assert.Equal($"Bearer tok-{clientId}-2", fixture.Upstream.RequestsFor(tenant.Id).Last().Headers["Authorization"]);
    }

    [Fact]
    public async Task Client_credentials_may_be_sent_in_the_request_body()
    {
        var clientId = "body-" + Guid.NewGuid().ToString("N")[..8];
        var (tenant, result) = await CallWithAuthAsync(new
        {
            type = "oauth2ClientCredentials",
            tokenUrl = fixture.Upstream.BaseUrl + "/oauth/token",
            clientId,
            clientSecret = "s3cret-" + clientId,
            clientAuthentication = "body",
        });
        Assert.NotEqual(true, result.IsError);
        Assert.Equal($"Bearer tok-{clientId}-1", Received(tenant).Headers["Authorization"]);
    }

    [Fact]
    public async Task A_token_endpoint_that_refuses_the_client_is_an_error_result_and_the_api_is_not_called()
    {
        var (tenant, result) = await CallWithAuthAsync(new
        {
            type = "oauth2ClientCredentials",
            tokenUrl = fixture.Upstream.BaseUrl + "/oauth/token",
            clientId = "nobody",
            clientSecret = "not-the-secret-x9",
        });
        Assert.True(result.IsError);
        var message = result.Content.OfType<TextContentBlock>().Single().Text;
        Assert.Contains("HTTP 401", message, StringComparison.Ordinal);
        Assert.Contains("invalid_client", message, StringComparison.Ordinal);
        Assert.Contains("clientSecret", message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret-x9", message, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Upstream.RequestsFor(tenant.Id), r => r.Path.StartsWith("/items/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Registering_again_without_the_secret_keeps_the_stored_one_but_not_for_another_credential()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var marker = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id };
        (await admin.PutApiAsync(tenant.Id, "api", new { openApi = Document, auth = new { type = "basic", username = "alice", password = "alice-pw" }, headers = marker }))
            .Expect(HttpStatusCode.Created);

        // The round trip an admin tool makes: what it read back has no password; sending it again keeps the stored one.
        (await admin.PutApiAsync(tenant.Id, "api", new { openApi = Document, auth = new { type = "basic", username = "alice" }, headers = marker, toolPrefix = "v2_" }))
            .Expect(HttpStatusCode.OK);
        await using (var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey))
        {
            Assert.NotEqual(true, (await client.CallToolAsync("v2_getItem", new Dictionary<string, object?> { ["id"] = "1" })).IsError);
        }

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:alice-pw")), fixture.Upstream.RequestsFor(tenant.Id).Last().Headers["Authorization"]);

        // Another user, or another kind, needs its own secret.
        (await admin.PutApiAsync(tenant.Id, "api", new { openApi = Document, auth = new { type = "basic", username = "bob" } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "'auth.password' is required");
        (await admin.PutApiAsync(tenant.Id, "api", new { openApi = Document, auth = new { type = "bearer" } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "'auth.token' is required");
        (await admin.PutApiAsync(tenant.Id, "fresh", new { openApi = Document, toolPrefix = "f_", auth = new { type = "apiKey", name = "X-Key" } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "'auth.value' is required");
    }

    [Fact]
    public async Task Admin_responses_show_the_kind_and_settings_of_a_credential_but_never_its_secret()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var secret = "shown-never-" + Guid.NewGuid().ToString("N");
        var put = await admin.PutApiAsync(tenant.Id, "api", new
        {
            openApi = Document,
            auth = new { type = "oauth2ClientCredentials", tokenUrl = "https://login.example/token", clientId = "cid", clientSecret = secret, scopes = new[] { "a" } },
            forwardHeaders = new[] { "X-User" },
        });
        put.Expect(HttpStatusCode.Created);
        var read = await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis/api");
        var list = await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis");
        foreach (var response in new[] { put, read, list })
        {
            Assert.DoesNotContain(secret, response.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("sealed", response.Body, StringComparison.OrdinalIgnoreCase);
        }

        var auth = read.Expect(HttpStatusCode.OK).GetProperty("options").GetProperty("auth");
        Assert.Equal("oauth2ClientCredentials", auth.GetProperty("type").GetString());
        Assert.True(auth.GetProperty("configured").GetBoolean());
        Assert.Equal("cid", auth.GetProperty("clientId").GetString());
        Assert.Equal("basic", auth.GetProperty("clientAuthentication").GetString());
        Assert.Equal(["X-User"], read.Json.GetProperty("options").GetProperty("forwardHeaders").EnumerateArray().Select(h => h.GetString()));
    }

    [Fact]
    public async Task Secrets_are_stored_sealed_and_never_reach_logs_or_traces()
    {
        using var spans = new ActivityCapture();
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var unique = Guid.NewGuid().ToString("N");
        var clientId = "sealed-" + unique[..8];
        var secrets = new[] { "hdr-" + unique, "qry-" + unique, "bearer-" + unique, "basic-" + unique, "s3cret-" + clientId };
        var marker = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id };
        object[] auths =
        [
            new { type = "apiKey", name = "X-Api-Key", value = secrets[0] },
            new { type = "apiKey", @in = "query", name = "key", value = secrets[1] },
            new { type = "bearer", token = secrets[2] },
            new { type = "basic", username = "u", password = secrets[3] },
            new { type = "oauth2ClientCredentials", tokenUrl = fixture.Upstream.BaseUrl + "/oauth/token", clientId, clientSecret = secrets[4] },
        ];
        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey);
        for (var i = 0; i < auths.Length; i++)
        {
            (await admin.PutApiAsync(tenant.Id, $"api-{i}", new { openApi = Document, toolPrefix = $"a{i}_", auth = auths[i], headers = marker }))
                .Expect(HttpStatusCode.Created);
            // A success, a failure the API reports, and one that is retried: every path that might log a request.
            Assert.NotEqual(true, (await client.CallToolAsync($"a{i}_getItem", new Dictionary<string, object?> { ["id"] = "s" })).IsError);
            Assert.True((await client.CallToolAsync($"a{i}_readFlaky", new Dictionary<string, object?> { ["key"] = $"{unique}-{i}", ["failures"] = 9 })).IsError);
        }

        var calls = fixture.Upstream.RequestsFor(tenant.Id).ToList();
        Assert.Contains(calls, r => r.Headers.GetValueOrDefault("X-Api-Key") == secrets[0]);
        Assert.Contains(calls, r => r.Query.Contains(secrets[1], StringComparison.Ordinal));
        Assert.Contains(calls, r => r.Headers.GetValueOrDefault("Authorization") == "Bearer " + secrets[2]);

        var stored = await StoredRegistryAsync(tenant.Id);
        Assert.Equal(auths.Length, System.Text.RegularExpressions.Regex.Matches(stored, "\"sealedSecret\":\"s1\\.local\\.").Count);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.Platform.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(spans.Spans, span => span.Contains(secret, StringComparison.Ordinal));
        }

        // The capture did see the calls: an empty log would prove nothing.
        Assert.Contains(spans.Spans, span => span.Contains("/flaky/", StringComparison.Ordinal));
        Assert.Contains(fixture.Platform.Logs.Lines, line => line.Contains("OnRetry", StringComparison.Ordinal) || line.Contains("Retry", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"type":"magic"}""", "'type' is one of")]
    [InlineData("""{"type":"bearer","token":"a","username":"x"}""", "'auth.username' is not a field")]
    [InlineData("""{"type":"bearer","token":"line\nbreak"}""", "auth.token")]
    [InlineData("""{"type":"apiKey","in":"cookie","name":"k","value":"v"}""", "auth.in")]
    [InlineData("""{"type":"apiKey","name":"bad header","value":"v"}""", "auth.name")]
    [InlineData("""{"type":"basic","username":"a:b","password":"p"}""", "auth.username")]
    [InlineData("""{"type":"oauth2ClientCredentials","tokenUrl":"ftp://x/token","clientId":"c","clientSecret":"s"}""", "auth.tokenUrl")]
    [InlineData("""{"type":"oauth2ClientCredentials","tokenUrl":"https://x/token","clientSecret":"s"}""", "auth.clientId")]
    [InlineData("""{"type":"oauth2ClientCredentials","tokenUrl":"https://x/token","clientId":"c","clientSecret":"s","scopes":["a b"]}""", "auth.scopes")]
    public async Task Unusable_auth_is_refused_with_a_problem_naming_the_field(string auth, string detail)
    {
        var tenant = await fixture.CreateTenantAsync();
        var body = $$"""{"openApiUrl":"http://example.test/doc.json","auth":{{auth}}}""";
        (await fixture.Admin(tenant.AdminKey).SendAsync(HttpMethod.Put, $"/admin/v1/tenants/{tenant.Id}/apis/api", body))
            .ExpectProblem(HttpStatusCode.BadRequest, detail);
    }

    [Theory]
    [InlineData("""{"type":"bearer","token":"t"}""", """["Authorization"]""", null, "which 'auth' sets")]
    [InlineData("""{"type":"apiKey","name":"X-Key","value":"v"}""", "[]", """{"x-key":"static"}""", "which 'auth' sets")]
    [InlineData("null", """["X-User"]""", """{"X-User":"static"}""", "both in 'forwardHeaders' and in 'headers'")]
    public async Task An_upstream_header_set_from_two_places_is_refused(string auth, string forward, string? headers, string detail)
    {
        var tenant = await fixture.CreateTenantAsync();
        var body = $$"""{"openApiUrl":"http://example.test/doc.json","auth":{{auth}},"forwardHeaders":{{forward}}{{(headers is null ? "" : ",\"headers\":" + headers)}}}""";
        (await fixture.Admin(tenant.AdminKey).SendAsync(HttpMethod.Put, $"/admin/v1/tenants/{tenant.Id}/apis/api", body))
            .ExpectProblem(HttpStatusCode.BadRequest, detail);
    }

    /// <summary>The tenant's registry row as the database holds it.</summary>
    private async Task<string> StoredRegistryAsync(string tenantId)
    {
        var path = Path.Combine(fixture.Platform.DataDirectory, "platform.db");
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM grain_state WHERE state_name = 'tool-registry' AND grain_id LIKE $grain";
        command.Parameters.AddWithValue("$grain", "%" + tenantId);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
