using System.Diagnostics;
using System.Net;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>
/// Tool calls through two frontends to a silo, as separate processes on PostgreSQL: the agent's trace reaches the
/// upstream across the processes, and the silo's audit records are written when it stops gracefully.
/// </summary>
public sealed class ToolCallAuditEndToEndTests
{
    [Fact]
    public async Task Calls_on_two_frontends_keep_the_agents_trace_and_their_audit_records_survive_a_graceful_silo_stop()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_audit");
        await using var platform = new PlatformProcesses();
        await using var upstream = new TraceRecordingUpstream();
        try
        {
            // Records gather for five minutes: only the silo's graceful stop can write them within this test.
            var silo1 = await platform.StartSiloAsync("silo-1", postgres, new Dictionary<string, string?> { ["Platform__Audit__FlushInterval"] = "00:05:00" });
            var (_, frontend1) = await platform.StartClusterFrontendAsync("frontend-1", postgres);
            var (_, frontend2) = await platform.StartClusterFrontendAsync("frontend-2", postgres);
            var (agentKey, adminKey) = await CrmScenario.CreateTenantAndKeysAsync(frontend1);
            using (var admin = new AdminClient(frontend2, adminKey))
            using (var registered = await admin.SendAsync(HttpMethod.Put, $"/admin/v1/tenants/{CrmScenario.Tenant}/apis/status", new { openApi = upstream.Document }))
            {
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            }

            var traces = new[] { ActivityTraceId.CreateRandom(), ActivityTraceId.CreateRandom() };
            using var session = await RawMcpSession.StartAsync(frontend1, CrmScenario.Tenant, agentKey);
            foreach (var (frontend, trace, i) in new[] { (frontend1, traces[0], 1), (frontend2, traces[1], 2) })
            {
                using var response = await session.PostTracedAsync(frontend,
                    $$"""{"jsonrpc":"2.0","id":"call-{{i}}","method":"tools/call","params":{"name":"getStatus","arguments":{} } }""",
                    $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("\"ok\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // Frontend process → silo process → upstream: the agent's trace id arrived with each call.
            Assert.Equal(traces.Select(t => t.ToHexString()), upstream.TraceParents.Select(p => p?.Split('-')[1]));

            using var reader = new AdminClient(frontend2, adminKey);
            var before = await reader.GetAsync($"/admin/v1/tenants/{CrmScenario.Tenant}/calls");
            Assert.Equal(0, before.GetProperty("calls").GetArrayLength());

            // A second silo takes over the grains; the first stops gracefully and writes what it had queued.
            await platform.StartSiloAsync("silo-2", postgres);
            await silo1.StopAsync(TimeSpan.FromSeconds(60));
            Assert.True(silo1.HasExited);

            var calls = (await Eventually.SucceedsAsync(() => reader.GetAsync($"/admin/v1/tenants/{CrmScenario.Tenant}/calls"), TimeSpan.FromSeconds(60)))
                .GetProperty("calls").EnumerateArray().ToList();
            Assert.Equal(["call-2", "call-1"], calls.Select(c => c.GetProperty("requestId").GetString()));
            Assert.Equal(traces.Reverse().Select(t => t.ToHexString()), calls.Select(c => c.GetProperty("traceId").GetString()));
            Assert.All(calls, call =>
            {
                Assert.Equal("getStatus", call.GetProperty("tool").GetString());
                Assert.Equal("status", call.GetProperty("api").GetString());
                Assert.Equal("Success", call.GetProperty("outcome").GetString());
                Assert.Equal(200, call.GetProperty("upstreamStatus").GetInt32());
                Assert.Equal(session.SessionId, call.GetProperty("sessionId").GetString());
                Assert.Equal(agentKey.Split('.')[2], call.GetProperty("keyId").GetString());
            });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"{e}\n\nProcess output:\n{platform.Diagnostics}");
        }
    }
}
