using System.Net;
using System.Net.Sockets;
using McpPlatform.Platform.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Platform.Tests;

/// <summary>How calls travel to a real API: retries only when safe, redirects only within the API, a trace header, a timeout.</summary>
[Collection(PlatformCollection.Name)]
public sealed class UpstreamCallTests(PlatformFixture fixture)
{
    private async Task<(TestTenant Tenant, McpClient Client)> ConnectAsync(string? baseUrl = null, object? extra = null, Dictionary<string, string>? headers = null)
    {
        var tenant = await fixture.CreateTenantAsync();
        var body = new Dictionary<string, object?>
        {
            ["openApi"] = UpstreamCallsDocument.Json(baseUrl ?? fixture.Upstream.BaseUrl),
            ["headers"] = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        };
        foreach (var property in extra?.GetType().GetProperties() ?? [])
        {
            body[property.Name] = property.GetValue(extra);
        }

        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "api", body)).Expect(HttpStatusCode.Created);
        var http = fixture.Platform.CreateClient();
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, $"/t/{tenant.Id}/mcp"),
            AdditionalHeaders = new Dictionary<string, string>(headers ?? []) { ["Authorization"] = $"Bearer {tenant.AgentKey}" },
        }, http, ownsHttpClient: true);
        return (tenant, await McpClient.CreateAsync(transport));
    }

    private static string Text(CallToolResult result) => result.Content.OfType<TextContentBlock>().Single().Text;

    private int Attempts(TestTenant tenant, string key) => fixture.Upstream.RequestsFor(tenant.Id).Count(r => r.Path == "/flaky/" + key);

    [Theory]
    [InlineData("readFlaky", 503)]
    [InlineData("readFlaky", 502)]
    [InlineData("replaceFlaky", 504)]
    public async Task An_idempotent_call_is_retried_through_brief_unavailability(string tool, int status)
    {
        var (tenant, client) = await ConnectAsync();
        await using var _ = client;
        var result = await client.CallToolAsync(tool, new Dictionary<string, object?> { ["key"] = "k", ["failures"] = 2, ["status"] = status });
        Assert.NotEqual(true, result.IsError);
        Assert.Equal(3, result.StructuredContent!.Value.GetProperty("attempt").GetInt32());
        Assert.Equal(3, Attempts(tenant, "k"));
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_answer_is_the_error_result()
    {
        var (tenant, client) = await ConnectAsync();
        await using var _ = client;
        var result = await client.CallToolAsync("readFlaky", new Dictionary<string, object?> { ["key"] = "k", ["failures"] = 10 });
        Assert.True(result.IsError);
        Assert.Contains("HTTP 503", Text(result), StringComparison.Ordinal);
        Assert.Contains("attempt 3 failed", Text(result), StringComparison.Ordinal);
        Assert.Equal(3, Attempts(tenant, "k"));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(404)]
    public async Task Other_errors_are_not_retried(int status)
    {
        var (tenant, client) = await ConnectAsync();
        await using var _ = client;
        Assert.True((await client.CallToolAsync("readFlaky", new Dictionary<string, object?> { ["key"] = "k", ["failures"] = 1, ["status"] = status })).IsError);
        Assert.Equal(1, Attempts(tenant, "k"));
    }

    [Fact]
    public async Task A_post_is_sent_once_unless_it_carries_an_idempotency_key()
    {
        var (tenant, client) = await ConnectAsync();
        await using (client)
        {
            var result = await client.CallToolAsync("createFlaky", new Dictionary<string, object?> { ["key"] = "post", ["failures"] = 1 });
            Assert.True(result.IsError);
            Assert.Contains("HTTP 503", Text(result), StringComparison.Ordinal);
            Assert.Equal(1, Attempts(tenant, "post"));
        }

        // The same POST with an Idempotency-Key (here the agent's, forwarded) may be repeated.
        var (keyed, keyedClient) = await ConnectAsync(extra: new { forwardHeaders = new[] { "Idempotency-Key" } }, headers: new() { ["Idempotency-Key"] = "op-1" });
        await using (keyedClient)
        {
            var result = await keyedClient.CallToolAsync("createFlaky", new Dictionary<string, object?> { ["key"] = "post", ["failures"] = 1 });
            Assert.NotEqual(true, result.IsError);
            Assert.Equal(2, Attempts(keyed, "post"));
            Assert.All(fixture.Upstream.RequestsFor(keyed.Id).Where(r => r.Path == "/flaky/post"), r => Assert.Equal("op-1", r.Headers["Idempotency-Key"]));
        }
    }

    [Fact]
    public async Task A_connection_that_fails_is_retried_for_a_read_but_not_for_a_post()
    {
        // A server that accepts connections and drops them at once, counting them.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var connections = 0;
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(stop.Token);
                Interlocked.Increment(ref connections);
                socket.LingerState = new LingerOption(true, 0);
            }
        });
        var (_, client) = await ConnectAsync($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        await using var _ = client;

        var read = await client.CallToolAsync("readFlaky", new Dictionary<string, object?> { ["key"] = "k" });
        Assert.True(read.IsError);
        Assert.Contains("could not be reached", Text(read), StringComparison.Ordinal);
        Assert.Equal(3, Volatile.Read(ref connections));

        var post = await client.CallToolAsync("createFlaky", new Dictionary<string, object?> { ["key"] = "k" });
        Assert.True(post.IsError);
        Assert.Equal(4, Volatile.Read(ref connections));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);
    }

    [Fact]
    public async Task A_redirect_within_the_api_is_followed()
    {
        var (tenant, client) = await ConnectAsync();
        await using var _ = client;
        var result = await client.CallToolAsync("redirectWithin");
        Assert.NotEqual(true, result.IsError);
        Assert.Contains("redirected", Text(result), StringComparison.Ordinal);
        Assert.Contains(fixture.Upstream.RequestsFor(tenant.Id), r => r.Path == "/items/redirected");
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed_and_the_error_names_the_location()
    {
        // "localhost" is another host than "127.0.0.1", even though it reaches the same server: nothing may arrive there.
        var elsewhere = fixture.Upstream.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/items/stolen";
        var (tenant, client) = await ConnectAsync(extra: new { auth = new { type = "bearer", token = "do-not-leak" } });
        await using var _ = client;
        var result = await client.CallToolAsync("redirectAway", new Dictionary<string, object?> { ["to"] = elsewhere });
        Assert.True(result.IsError);
        Assert.Contains(elsewhere, Text(result), StringComparison.Ordinal);
        Assert.Contains("another host", Text(result), StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Upstream.Requests, r => r.Path == "/items/stolen");
    }

    [Fact]
    public async Task Endless_redirects_within_the_api_stop_with_an_error()
    {
        var (tenant, client) = await ConnectAsync();
        await using var _ = client;
        var result = await client.CallToolAsync("redirectForever");
        Assert.True(result.IsError);
        Assert.Contains("kept redirecting", Text(result), StringComparison.Ordinal);
        Assert.Equal(4, fixture.Upstream.RequestsFor(tenant.Id).Count(r => r.Path == "/redirect/loop"));
    }

    [Fact]
    public async Task The_api_receives_a_w3c_traceparent()
    {
        var (tenant, client) = await ConnectAsync();
        await using var _ = client;
        await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "traced" });
        await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "traced-again" });

        var traceparents = fixture.Upstream.RequestsFor(tenant.Id).Where(r => r.Path.StartsWith("/items/traced", StringComparison.Ordinal))
            .Select(r => r.Headers["traceparent"]).ToList();
        Assert.Equal(2, traceparents.Count);
        Assert.All(traceparents, t => Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", t));
        Assert.NotEqual(traceparents[0], traceparents[1]);
    }

    [Fact]
    public async Task A_hanging_api_is_cut_at_its_timeout_without_retries()
    {
        var (tenant, client) = await ConnectAsync(extra: new { timeoutSeconds = 1 });
        await using var _ = client;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await client.CallToolAsync("waitLong");
        Assert.True(result.IsError);
        Assert.Contains("did not answer within 1 s", Text(result), StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
        Assert.Single(fixture.Upstream.RequestsFor(tenant.Id), r => r.Path == "/slow");
    }
}
