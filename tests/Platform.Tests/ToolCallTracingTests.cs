using System.Diagnostics;
using System.Net;
using System.Text.Json;
using McpPlatform.Contracts.Telemetry;
using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

/// <summary>
/// One trace per tool call, read from the spans the platform exported (frontend and silo run in this process, so one
/// in-memory exporter sees both sides) and from the <c>traceparent</c> the upstream API received.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ToolCallTracingTests(PlatformFixture fixture)
{
    private const string OrleansSource = "Microsoft.Orleans.Application";
    private const string HttpClientSource = "System.Net.Http";

    private async Task<(TestTenant Tenant, HttpClient Http, string Session)> SessionWithItemsApiAsync()
    {
        var tenant = await fixture.CreateTenantAsync("trace");
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "items", new
        {
            openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json",
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);
        var http = fixture.Platform.CreateClient();
        return (tenant, http, await RawMcp.StartSessionAsync(http, tenant.Id, tenant.AgentKey));
    }

    private static async Task<JsonElement> CallAsync(HttpClient http, TestTenant tenant, string session, string id, string tool, string arguments, string? meta = null)
    {
        var metaPart = meta is null ? "" : $",\"_meta\":{meta}";
        var (status, message, _) = await RawMcp.SendAsync(http, HttpMethod.Post, tenant.Id, tenant.AgentKey,
            $$$"""{"jsonrpc":"2.0","id":"{{{id}}}","method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{arguments}}}{{{metaPart}}}}}""", session);
        Assert.Equal(200, status);
        return message!.Value.GetProperty("result");
    }

    /// <summary>The trace id and the parent span id the upstream received in <c>traceparent</c>.</summary>
    private static (ActivityTraceId TraceId, ActivitySpanId ParentId) TraceParentOf(RecordedRequest request)
    {
        Assert.True(request.Headers.TryGetValue("traceparent", out var header), "the upstream request carries a traceparent header");
        var parts = header.Split('-');
        Assert.Equal(4, parts.Length);
        return (ActivityTraceId.CreateFromString(parts[1]), ActivitySpanId.CreateFromString(parts[2]));
    }

    private static Activity Single(IReadOnlyList<Activity> spans, string source, string name) =>
        Assert.Single(spans, s => s.Source.Name == source && s.DisplayName == name);

    [Fact]
    public async Task Each_tool_call_is_one_connected_trace_from_the_frontend_through_the_grain_to_the_upstream()
    {
        var (tenant, http, session) = await SessionWithItemsApiAsync();
        using var _ = http;
        await CallAsync(http, tenant, session, "first", "getItem", """{"id":"a"}""");
        await CallAsync(http, tenant, session, "second", "getItem", """{"id":"b"}""");

        var received = fixture.Upstream.RequestsFor(tenant.Id).Where(r => r.Path.StartsWith("/items/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, received.Count);
        var traces = received.Select(TraceParentOf).ToList();
        Assert.NotEqual(traces[0].TraceId, traces[1].TraceId);

        foreach (var (requestId, (traceId, upstreamParent)) in new[] { "first", "second" }.Zip(traces))
        {
            // Complete once the frontend's HTTP server span (the root) has ended too.
            var spans = await fixture.Platform.Telemetry.WaitForTraceAsync(traceId, s => s.Any(span => span.ParentSpanId == default));

            var executeTool = Single(spans, PlatformTelemetry.Name, "execute_tool getItem");
            var grainClient = Assert.Single(spans, s => s.Source.Name == OrleansSource && s.Kind == ActivityKind.Client && s.DisplayName.EndsWith("CallToolAsync", StringComparison.Ordinal));
            var grainServer = Assert.Single(spans, s => s.Source.Name == OrleansSource && s.Kind == ActivityKind.Server && s.DisplayName.EndsWith("CallToolAsync", StringComparison.Ordinal));
            var dispatch = Single(spans, PlatformTelemetry.Name, "dispatch getItem");
            var upstreamCall = Assert.Single(spans, s => s.Source.Name == HttpClientSource && s.Kind == ActivityKind.Client);

            // frontend span → Orleans client → Orleans server (on the silo) → dispatch → HTTP client → the API.
            Assert.Equal(executeTool.SpanId, grainClient.ParentSpanId);
            Assert.Equal(grainClient.SpanId, grainServer.ParentSpanId);
            Assert.Equal(grainServer.SpanId, dispatch.ParentSpanId);
            Assert.Equal(dispatch.SpanId, upstreamCall.ParentSpanId);
            Assert.Equal(upstreamCall.SpanId, upstreamParent);

            // Connected: one root (the frontend's HTTP request), every other span's parent is in the same trace.
            var root = Assert.Single(spans, s => s.ParentSpanId == default);
            Assert.Equal(ActivityKind.Server, root.Kind);
            var ids = spans.Select(s => s.SpanId).ToHashSet();
            Assert.All(spans.Where(s => s != root), s => Assert.Contains(s.ParentSpanId, ids));

            // The MCP SDK's server span (MCP semantic conventions) sits between the HTTP request and the platform's span.
            var mcpServer = Assert.Single(spans, s => s.SpanId == executeTool.ParentSpanId);
            Assert.Equal(ActivityKind.Server, mcpServer.Kind);
            Assert.Equal("tools/call getItem", mcpServer.DisplayName);

            Assert.Equal("tools/call", executeTool.GetTagItem(PlatformTelemetry.McpMethodTag));
            Assert.Equal("execute_tool", executeTool.GetTagItem(PlatformTelemetry.OperationNameTag));
            Assert.Equal("getItem", executeTool.GetTagItem(PlatformTelemetry.ToolNameTag));
            Assert.Equal(session, executeTool.GetTagItem(PlatformTelemetry.SessionIdTag));
            Assert.Equal(requestId, executeTool.GetTagItem(PlatformTelemetry.RequestIdTag));
            Assert.Equal(tenant.Id, executeTool.GetTagItem(PlatformTelemetry.TenantTag));
            Assert.Equal(tenant.AgentKey.Split('.')[2], executeTool.GetTagItem(PlatformTelemetry.KeyIdTag));
            Assert.Equal("Success", executeTool.GetTagItem(PlatformTelemetry.OutcomeTag));
            Assert.Equal(200, executeTool.GetTagItem(PlatformTelemetry.UpstreamStatusTag));
            Assert.Equal(ActivityStatusCode.Unset, executeTool.Status);

            Assert.Equal(tenant.Id, dispatch.GetTagItem(PlatformTelemetry.TenantTag));
            Assert.Equal("items", dispatch.GetTagItem(PlatformTelemetry.ApiTag));
            Assert.Equal("Success", dispatch.GetTagItem(PlatformTelemetry.OutcomeTag));
        }
    }

    [Fact]
    public async Task An_agent_that_sends_its_trace_context_in_meta_gets_the_whole_call_in_its_own_trace()
    {
        var (tenant, http, session) = await SessionWithItemsApiAsync();
        using var _ = http;
        var agentTrace = ActivityTraceId.CreateRandom();
        var agentSpan = ActivitySpanId.CreateRandom();
        await CallAsync(http, tenant, session, "traced", "listItems", "{}", $$"""{"traceparent":"00-{{agentTrace.ToHexString()}}-{{agentSpan.ToHexString()}}-01"}""");

        var received = Assert.Single(fixture.Upstream.RequestsFor(tenant.Id), r => r.Path == "/items");
        Assert.Equal(agentTrace, TraceParentOf(received).TraceId);

        var spans = await fixture.Platform.Telemetry.WaitForTraceAsync(agentTrace, s => s.Any(span => span.DisplayName == "tools/call listItems"));
        var mcpServer = Single(spans, "Experimental.ModelContextProtocol", "tools/call listItems");
        Assert.Equal(agentSpan, mcpServer.ParentSpanId);
        var executeTool = Single(spans, PlatformTelemetry.Name, "execute_tool listItems");
        Assert.Equal(mcpServer.SpanId, executeTool.ParentSpanId);
        Assert.Contains(spans, s => s.DisplayName == "dispatch listItems");
    }

    [Fact]
    public async Task A_failed_call_is_an_error_span_with_its_outcome_and_no_upstream_body()
    {
        var (tenant, http, session) = await SessionWithItemsApiAsync();
        using var _ = http;
        var result = await CallAsync(http, tenant, session, "broken", "getBroken", "{}");
        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.Contains("the database is on fire", result.GetRawText(), StringComparison.Ordinal);

        var traceId = TraceParentOf(Assert.Single(fixture.Upstream.RequestsFor(tenant.Id), r => r.Path == "/broken")).TraceId;
        var spans = await fixture.Platform.Telemetry.WaitForTraceAsync(traceId, s => s.Any(span => span.ParentSpanId == default));

        var executeTool = Single(spans, PlatformTelemetry.Name, "execute_tool getBroken");
        Assert.Equal(ActivityStatusCode.Error, executeTool.Status);
        Assert.Equal("UpstreamError", executeTool.GetTagItem(PlatformTelemetry.OutcomeTag));
        Assert.Equal("tool_error", executeTool.GetTagItem(PlatformTelemetry.ErrorTypeTag));
        Assert.Equal(500, executeTool.GetTagItem(PlatformTelemetry.UpstreamStatusTag));
        Assert.Equal(ActivityStatusCode.Error, Single(spans, PlatformTelemetry.Name, "dispatch getBroken").Status);
        Assert.Equal(ActivityStatusCode.Error, Single(spans, "Experimental.ModelContextProtocol", "tools/call getBroken").Status);

        // The agent sees the API's error body; no span carries it (the MCP SDK would put it in its status description).
        Assert.All(spans, span =>
        {
            Assert.DoesNotContain("database is on fire", span.StatusDescription ?? "", StringComparison.Ordinal);
            Assert.All(span.TagObjects, tag => Assert.DoesNotContain("database is on fire", tag.Value?.ToString() ?? "", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Log_records_written_during_a_call_carry_its_trace_id()
    {
        var tenant = await fixture.CreateTenantAsync("trace");
        var deadPort = McpPlatform.TestCommon.FreePort.Next();
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "dead", new { openApi = TestApiDocument.Json($"http://127.0.0.1:{deadPort}") }))
            .Expect(HttpStatusCode.Created);
        using var http = fixture.Platform.CreateClient();
        var session = await RawMcp.StartSessionAsync(http, tenant.Id, tenant.AgentKey);
        var result = await CallAsync(http, tenant, session, "unreachable", "listItems", "{}");
        Assert.True(result.GetProperty("isError").GetBoolean());

        var executeTool = Assert.Single(fixture.Platform.Telemetry.Spans.Snapshot(),
            s => s.DisplayName == "execute_tool listItems" && Equals(s.GetTagItem(PlatformTelemetry.TenantTag), tenant.Id));
        var warning = Assert.Single(fixture.Platform.Telemetry.Logs.Snapshot(),
            log => log.CategoryName?.EndsWith("UpstreamDispatcher", StringComparison.Ordinal) == true
                && log.Attributes?.Any(a => a.Key == "ApiId" && Equals(a.Value, "dead")) == true
                && log.TraceId == executeTool.TraceId);
        Assert.NotEqual(default, warning.SpanId);
    }
}
