using McpPlatform.TestCommon;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One embedded platform (SQLite, no PostgreSQL) with the sample CRM API registered for tenant <c>acme</c>, shared by
/// the interop tests of one class: every client talks to the same tenant.
/// </summary>
public sealed class ClientInteropFixture : IAsyncLifetime
{
    private readonly PlatformProcesses platform = new();
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "mcp-interop-" + Guid.NewGuid().ToString("N"));

    public string Frontend { get; private set; } = "";

    public string AgentKey { get; private set; } = "";

    public string McpUrl => CrmScenario.McpUrl(Frontend);

    public string SseUrl => CrmScenario.SseUrl(Frontend);

    public string Diagnostics => platform.Diagnostics;

    public async Task InitializeAsync()
    {
        try
        {
            var crm = await platform.StartCrmApiAsync();
            (_, Frontend) = await platform.StartEmbeddedAsync("embedded-interop", dataDirectory, FreePort.Next());
            var (agentKey, adminKey) = await CrmScenario.CreateTenantAndKeysAsync(Frontend);
            AgentKey = agentKey;
            await CrmScenario.RegisterCrmAsync(Frontend, adminKey, crm);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"Starting the platform for the interop tests failed: {e}\n\nProcess output:\n{platform.Diagnostics}", e);
        }
    }

    /// <summary>Runs a test body; a failure carries the platform's process output.</summary>
    public Task RunAsync(Func<Task> body) => platform.RunAsync(body);

    public async Task DisposeAsync()
    {
        await platform.DisposeAsync();
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
    }
}
