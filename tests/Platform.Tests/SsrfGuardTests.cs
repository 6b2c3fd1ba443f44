using System.Net;
using McpPlatform.Grains.Dispatch.Network;
using McpPlatform.Platform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Platform.Tests;

/// <summary>
/// A platform where private networks are not allowed (as in a cluster), except 127.0.0.2/32: tenants' URLs may not reach
/// loopback, link-local (cloud metadata) or private addresses, at registration or at call time, however the name resolves.
/// </summary>
public sealed class GuardedPlatformFixture : IAsyncLifetime
{
    public const string AllowedNetwork = "127.0.0.2/32";

    public GuardedPlatformFixture()
    {
        Platform = new PlatformFactory(
            new Dictionary<string, string?>
            {
                ["Platform:Upstreams:AllowPrivateNetworks"] = "false",
                ["Platform:Upstreams:AllowedNetworks:0"] = AllowedNetwork,
            },
            services => services.AddSingleton<IUpstreamHostResolver>(Resolver));
    }

    public PlatformFactory Platform { get; }

    public TestHostResolver Resolver { get; } = new();

    /// <summary>On 127.0.0.1: must never receive anything.</summary>
    public TestUpstream Forbidden { get; } = new();

    /// <summary>On 127.0.0.2, inside the allowed network.</summary>
    public TestUpstream Allowed { get; } = new("127.0.0.2");

    public async Task InitializeAsync()
    {
        await Forbidden.StartAsync();
        await Allowed.StartAsync();
        _ = Platform.Server;
    }

    public async Task DisposeAsync()
    {
        await Platform.DisposeAsync();
        await Forbidden.DisposeAsync();
        await Allowed.DisposeAsync();
    }

    public async Task<TestTenant> CreateTenantAsync()
    {
        var id = "g-" + Guid.NewGuid().ToString("N")[..10];
        using var admin = new AdminApiClient(Platform.CreateClient(), PlatformFactory.OperatorKey);
        await admin.CreateTenantAsync(id);
        return new TestTenant(id, await admin.CreateKeyAsync(id, "admin", "admin"), await admin.CreateKeyAsync(id, "agent", "agent"));
    }
}

public sealed class SsrfGuardTests(GuardedPlatformFixture fixture) : IClassFixture<GuardedPlatformFixture>
{
    private int ForbiddenPort => new Uri(fixture.Forbidden.BaseUrl).Port;

    private AdminApiClient Admin(TestTenant tenant) => new(fixture.Platform.CreateClient(), tenant.AdminKey);

    private Task<ApiResponse> RegisterAsync(TestTenant tenant, string baseUrl, object? auth = null) =>
        Admin(tenant).PutApiAsync(tenant.Id, "api", new { openApi = UpstreamCallsDocument.Json(baseUrl), auth });

    [Theory]
    [InlineData("http://127.0.0.1:{port}", "127.0.0.1 is a loopback address")]
    [InlineData("http://169.254.169.254", "169.254.169.254 is a link-local")]
    [InlineData("http://10.0.0.1", "10.0.0.1 is a private (10.0.0.0/8)")]
    [InlineData("http://192.168.1.20:8080", "private (192.168.0.0/16)")]
    [InlineData("http://100.64.3.4", "carrier-grade NAT")]
    [InlineData("http://0.0.0.0:{port}", "'this network'")]
    [InlineData("http://localhost:{port}", "localhost resolves to")]
    [InlineData("http://[::1]:{port}", "::1 is a loopback address")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}", "as IPv4-mapped 127.0.0.1")]
    [InlineData("http://[fd00:ec2::254]", "unique local")]
    public async Task Registering_a_base_url_on_a_non_public_address_is_refused(string baseUrl, string detail)
    {
        var tenant = await fixture.CreateTenantAsync();
        var problem = (await RegisterAsync(tenant, baseUrl.Replace("{port}", ForbiddenPort.ToString(), StringComparison.Ordinal)))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, detail);
        Assert.Contains("AllowPrivateNetworks", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (await Admin(tenant).GetAsync($"/admin/v1/tenants/{tenant.Id}/apis/api")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_document_url_on_a_non_public_address_is_not_fetched_even_behind_a_redirect()
    {
        var tenant = await fixture.CreateTenantAsync();
        var direct = fixture.Forbidden.BaseUrl + "/openapi.json";
        (await Admin(tenant).PutApiAsync(tenant.Id, "api", new { openApiUrl = direct }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "127.0.0.1 is a loopback address");

        // An allowed server that redirects to a forbidden one: the redirect's connection is checked too.
        var bounced = fixture.Allowed.BaseUrl + "/redirect/away?to=" + Uri.EscapeDataString(direct);
        (await Admin(tenant).PutApiAsync(tenant.Id, "api", new { openApiUrl = bounced }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "127.0.0.1 is a loopback address");
        Assert.Empty(fixture.Forbidden.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("10.0.0.1", "private")]
    public async Task A_name_that_resolves_to_a_non_public_address_at_call_time_is_refused(string address, string kind)
    {
        // Public when registered, private when called: DNS rebinding.
        var host = $"api-{Guid.NewGuid():N}.rebind.test";
        fixture.Resolver.Answer(host, "93.184.215.14");
        var tenant = await fixture.CreateTenantAsync();
        (await RegisterAsync(tenant, $"http://{host}:{ForbiddenPort}")).Expect(HttpStatusCode.Created);

        fixture.Resolver.Answer(host, address);
        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey);
        var result = await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "x" });
        Assert.True(result.IsError);
        var message = result.Content.OfType<TextContentBlock>().Single().Text;
        Assert.Contains($"{host} resolves to {address}", message, StringComparison.Ordinal);
        Assert.Contains(kind, message, StringComparison.Ordinal);
        Assert.Contains("refused", message, StringComparison.Ordinal);
        Assert.Empty(fixture.Forbidden.Requests);
    }

    [Fact]
    public async Task A_name_with_any_non_public_address_among_its_answers_is_refused()
    {
        var host = $"mixed-{Guid.NewGuid():N}.test";
        fixture.Resolver.Answer(host, "93.184.215.14", "127.0.0.1");
        var tenant = await fixture.CreateTenantAsync();
        (await RegisterAsync(tenant, $"http://{host}:{ForbiddenPort}")).ExpectProblem(HttpStatusCode.UnprocessableEntity, $"{host} resolves to 127.0.0.1");
    }

    [Fact]
    public async Task An_allowed_network_is_reached_by_address_and_by_name()
    {
        var tenant = await fixture.CreateTenantAsync();
        (await RegisterAsync(tenant, fixture.Allowed.BaseUrl)).Expect(HttpStatusCode.Created);
        await using (var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey))
        {
            Assert.NotEqual(true, (await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "by-address" })).IsError);
        }

        var host = $"internal-{Guid.NewGuid():N}.test";
        fixture.Resolver.Answer(host, "127.0.0.2");
        var named = await fixture.CreateTenantAsync();
        (await RegisterAsync(named, $"http://{host}:{new Uri(fixture.Allowed.BaseUrl).Port}")).Expect(HttpStatusCode.Created);
        await using (var client = await McpClients.ConnectAsync(fixture.Platform, named.Id, named.AgentKey))
        {
            Assert.NotEqual(true, (await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "by-name" })).IsError);
        }

        Assert.Contains(fixture.Allowed.Requests, r => r.Path == "/items/by-address");
        Assert.Contains(fixture.Allowed.Requests, r => r.Path == "/items/by-name");
    }

    [Fact]
    public async Task A_token_endpoint_on_a_non_public_address_is_refused_at_registration_and_at_call_time()
    {
        var tenant = await fixture.CreateTenantAsync();
        object Auth(string tokenUrl) => new { type = "oauth2ClientCredentials", tokenUrl, clientId = "c", clientSecret = "s3cret-c" };
        (await RegisterAsync(tenant, fixture.Allowed.BaseUrl, Auth(fixture.Forbidden.BaseUrl + "/oauth/token")))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "auth.tokenUrl");

        var host = $"login-{Guid.NewGuid():N}.test";
        fixture.Resolver.Answer(host, "93.184.215.14");
        (await RegisterAsync(tenant, fixture.Allowed.BaseUrl, Auth($"http://{host}:{ForbiddenPort}/oauth/token"))).Expect(HttpStatusCode.Created);
        fixture.Resolver.Answer(host, "127.0.0.1");
        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey);
        var result = await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "needs-token" });
        Assert.True(result.IsError);
        Assert.Contains("refused to call the token endpoint", result.Content.OfType<TextContentBlock>().Single().Text, StringComparison.Ordinal);
        Assert.Empty(fixture.Forbidden.Requests);
        Assert.DoesNotContain(fixture.Allowed.Requests, r => r.Path == "/items/needs-token");
    }
}

/// <summary>Which addresses count as not public, in each of the forms an address can take.</summary>
public sealed class AddressClassifierTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("10.200.1.1", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.0.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("0.0.0.0", "this network")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd12:3456::1", "unique local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:10.0.0.1", "private (10.0.0.0/8) (as IPv4-mapped 10.0.0.1)")]
    [InlineData("::127.0.0.1", "loopback (as IPv4-compatible 127.0.0.1)")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local (169.254.0.0/16, where cloud instance metadata is served) (as NAT64 169.254.169.254)")]
    [InlineData("2002:7f00:1::1", "loopback (as 6to4 127.0.0.1)")]
    public void Non_public_addresses_are_named(string address, string kind) =>
        Assert.Contains(kind, AddressClassifier.NonPublicKind(IPAddress.Parse(address)), StringComparison.Ordinal);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:0808:0808::1")]
    public void Public_addresses_pass(string address) =>
        Assert.Null(AddressClassifier.NonPublicKind(IPAddress.Parse(address)));
}
