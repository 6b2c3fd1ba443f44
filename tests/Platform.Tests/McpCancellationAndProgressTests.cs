using System.Diagnostics;
using System.Net;
using McpPlatform.Platform.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class McpCancellationAndProgressTests(PlatformFixture fixture)
{
    private string SlowDocument => """
        {"openapi":"3.0.3","info":{"title":"Slow","version":"1"},"servers":[{"url":"SERVER"}],
         "paths":{"/slow":{"get":{"operationId":"waitForever","responses":{"200":{"description":"eventually","content":{"text/plain":{"schema":{"type":"string"}}}}}}}}}
        """.Replace("SERVER", fixture.Upstream.BaseUrl, StringComparison.Ordinal);

    private async Task<TestTenant> TenantWithSlowApiAsync()
    {
        var tenant = await fixture.CreateTenantAsync();
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "slow", new
        {
            openApi = SlowDocument,
            timeoutSeconds = 60,
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);
        return tenant;
    }

    [Fact]
    public async Task Cancelling_a_call_aborts_the_upstream_request()
    {
        var tenant = await TenantWithSlowApiAsync();
        using var http = fixture.Platform.CreateClient();
        var session = await RawMcp.StartSessionAsync(http, tenant.Id, tenant.AgentKey);
        var call = RawMcp.SendAsync(http, HttpMethod.Post, tenant.Id, tenant.AgentKey,
            """{"jsonrpc":"2.0","id":"slow-1","method":"tools/call","params":{"name":"waitForever","arguments":{}}}""", session);

        var clock = Stopwatch.StartNew();
        while (!fixture.Upstream.RequestsFor(tenant.Id).Any(r => r.Path == "/slow") && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Contains(fixture.Upstream.RequestsFor(tenant.Id), r => r.Path == "/slow");
        var cancelled = await RawMcp.SendAsync(http, HttpMethod.Post, tenant.Id, tenant.AgentKey,
            """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"slow-1","reason":"user pressed stop"}}""", session);
        Assert.Equal(202, cancelled.Status);

        clock.Restart();
        while (!fixture.Upstream.AbortedCalls.Contains(tenant.Id) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
        }

        Assert.True(fixture.Upstream.AbortedCalls.Contains(tenant.Id), "the upstream request was aborted");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"aborted {clock.Elapsed.TotalMilliseconds:F0} ms after the cancellation");
        _ = call; // the cancelled request gets no response (MCP: a cancelled request is not answered)
    }

    [Fact]
    public async Task A_call_with_a_progress_token_reports_progress()
    {
        var (tenant, progress) = (await fixture.CreateTenantAsync(), new List<ProgressNotificationValue>());
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "items", new { openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json" })).Expect(HttpStatusCode.Created);
        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey, "2025-11-25");
        var reporter = new SynchronousProgress(value => { lock (progress) { progress.Add(value); } });
        var result = await client.CallToolAsync("listItems", progress: reporter);
        Assert.NotEqual(true, result.IsError);

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(2) && progress.Count < 2)
        {
            await Task.Delay(20);
        }

        lock (progress)
        {
            // The last notification travels just ahead of the result, and a client may stop listening as soon as the
            // result arrives; the client also hands notifications to handlers concurrently, so their order here is not
            // the order on the wire. What must hold: the start (0 of 1) was reported, and nothing but start and end.
            Assert.Contains(progress, p => p.Progress == 0f && p.Total == 1f);
            Assert.All(progress, p => Assert.Contains(p.Progress, new[] { 0f, 1f }));
            Assert.All(progress, p => Assert.Contains("listItems", p.Message));
        }
    }

    private sealed class SynchronousProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
