using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;

namespace McpPlatform.EndToEnd.Tests;

/// <summary>The quick start: one process, embedded SQLite under a data folder, surviving a restart.</summary>
public sealed class EmbeddedEndToEndTests
{
    [Fact]
    public async Task Quick_start_serves_an_agent_and_keeps_tenants_keys_and_apis_across_a_restart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mcp-e2e-" + Guid.NewGuid().ToString("N"));
        var port = FreePort.Next();
        await using var platform = new PlatformProcesses();
        try
        {
            var crm = await platform.StartCrmApiAsync();
            var (first, frontend) = await platform.StartEmbeddedAsync("embedded-1", dataDirectory, port);
            var (agentKey, adminKey) = await CrmScenario.CreateTenantAndKeysAsync(frontend);
            await CrmScenario.RegisterCrmAsync(frontend, adminKey, crm);
            await CrmScenario.WriteThenReadAsync([frontend], agentKey, "before-restart@acme.test");

            await first.StopAsync(TimeSpan.FromSeconds(60));
            Assert.True(File.Exists(Path.Combine(dataDirectory, "platform.db")), "the embedded database lives in the data folder");

            var (_, restarted) = await platform.StartEmbeddedAsync("embedded-2", dataDirectory, port);
            await CrmScenario.WriteThenReadAsync([restarted], agentKey, "after-restart@acme.test");
            using var admin = new AdminClient(restarted, adminKey);
            var apis = await admin.GetAsync($"/admin/v1/tenants/{CrmScenario.Tenant}/apis");
            Assert.Equal(CrmScenario.Api, Assert.Single(apis.EnumerateArray()).GetProperty("id").GetString());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"{e}\n\nProcess output:\n{platform.Diagnostics}");
        }
        finally
        {
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Without_a_configured_key_the_operator_key_is_generated_once_and_printed()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mcp-e2e-" + Guid.NewGuid().ToString("N"));
        await using var platform = new PlatformProcesses();
        try
        {
            var (process, frontend) = await platform.StartEmbeddedAsync("embedded-generated-key", dataDirectory, FreePort.Next(), operatorKey: null);
            var line = await process.WaitForOutputAsync(l => l.Contains("Operator key:", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            var key = line.Split(':', 2)[1].Trim();
            Assert.StartsWith("mcpo.", key);

            using var admin = new AdminClient(frontend, key);
            await admin.CreateTenantAsync("generated-key-works");
            using var wrong = new AdminClient(frontend, key + "x");
            using var refused = await wrong.SendAsync(HttpMethod.Get, "/admin/v1/tenants", null);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"{e}\n\nProcess output:\n{platform.Diagnostics}");
        }
        finally
        {
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }
}
