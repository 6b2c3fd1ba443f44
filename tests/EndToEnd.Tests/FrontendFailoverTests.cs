using System.Threading.Channels;
using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>A frontend dies in the middle of a session (two frontends, two silos); the session goes on through the other one.</summary>
public sealed class FrontendFailoverTests
{
    [Fact]
    public async Task A_session_survives_its_frontend_being_killed_and_keeps_receiving_notifications()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_failover");
        await using var platform = new PlatformProcesses();
        try
        {
            await platform.StartSiloAsync("silo-1", postgres);
            await platform.StartSiloAsync("silo-2", postgres);
            var (frontendProcess1, frontend1) = await platform.StartClusterFrontendAsync("frontend-1", postgres);
            var (_, frontend2) = await platform.StartClusterFrontendAsync("frontend-2", postgres);
            var crm = await platform.StartCrmApiAsync();
            var (agentKey, adminKey) = await CrmScenario.CreateTenantAndKeysAsync(frontend1);
            await CrmScenario.RegisterCrmAsync(frontend1, adminKey, crm);

            var routing = new SwitchableFrontendHandler(frontend1);
            var transport = new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(CrmScenario.McpUrl(frontend1)),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {agentKey}" },
                MaxReconnectionAttempts = 30,
                DefaultReconnectionInterval = TimeSpan.FromMilliseconds(500),
            }, new HttpClient(routing), ownsHttpClient: true);
            await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-11-25" });
            var notifications = Channel.CreateUnbounded<bool>();
            await using var _ = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
            {
                notifications.Writer.TryWrite(true);
                return ValueTask.CompletedTask;
            });
            Assert.Contains((await client.ListToolsAsync()).Select(t => t.Name), n => n == "listContacts");

            // kill -9 the frontend holding the session and its stream; the balancer sends everything to frontend 2,
            // but holds the client's GET reconnection back for a while.
            routing.HoldStreams();
            frontendProcess1.Kill();
            routing.SwitchTo(frontend2);

            var result = await client.CallToolAsync("listContacts", new Dictionary<string, object?>());
            Assert.NotEqual(true, result.IsError);
            Assert.Contains("ada@example.com", result.Content.OfType<TextContentBlock>().Single().Text);

            // The tools change while the client has no stream anywhere; its stream, resumed on frontend 2 with the
            // last event id frontend 1 gave it, is told about the change it missed.
            using (var admin2 = new AdminClient(frontend2, adminKey))
            using (var missed = await admin2.SendAsync(HttpMethod.Post, $"/admin/v1/tenants/{CrmScenario.Tenant}/apis/{CrmScenario.Api}/refresh", null))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, missed.StatusCode);
            }

            routing.ReleaseStreams();
            using (var resumed = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            {
                await notifications.Reader.ReadAsync(resumed.Token);
            }

            Assert.NotNull(routing.StreamLastEventIds[^1]);

            // The client's GET stream reconnects on frontend 2; a later tools change still reaches it.
            using var admin = new AdminClient(frontend2, adminKey);
            await Eventually.SucceedsAsync(async () =>
            {
                using var change = await admin.SendAsync(HttpMethod.Post, $"/admin/v1/tenants/{CrmScenario.Tenant}/apis/{CrmScenario.Api}/refresh", null);
                Assert.Equal(System.Net.HttpStatusCode.OK, change.StatusCode);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                return await notifications.Reader.ReadAsync(wait.Token);
            }, TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"{e}\n\nProcess output:\n{platform.Diagnostics}");
        }
    }
}
