using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

/// <summary>Idle sessions end on their own (a platform of its own, with an idle timeout of seconds).</summary>
public sealed class SessionExpiryTests
{
    private const string Ping = """{"jsonrpc":"2.0","id":7,"method":"ping"}""";
    private const string Version = "2025-11-25";

    [Fact]
    public async Task A_session_without_requests_for_its_idle_timeout_ends_but_one_with_an_open_stream_lives_on()
    {
        await using var platform = new PlatformFactory(new Dictionary<string, string?> { ["Platform:Mcp:SessionIdleTimeout"] = "00:00:02" });
        using var operatorAdmin = new AdminApiClient(platform.CreateClient(), PlatformFactory.OperatorKey);
        await operatorAdmin.CreateTenantAsync("expiry");
        var key = await operatorAdmin.CreateKeyAsync("expiry", "agent", "agent");
        using var http = platform.CreateClient();

        var idle = await RawMcp.StartSessionAsync(http, "expiry", key, Version);
        var watched = await RawMcp.StartSessionAsync(http, "expiry", key, Version);
        await using var stream = await SseEvents.OpenGetAsync(http, "expiry", key, watched, Version);
        Assert.NotNull(await stream.NextAsync(TimeSpan.FromSeconds(3)));
        Assert.Equal(200, (await RawMcp.SendAsync(http, HttpMethod.Post, "expiry", key, Ping, idle, protocolVersion: Version)).Status);

        await Task.Delay(TimeSpan.FromSeconds(4));

        Assert.Equal(404, (await RawMcp.SendAsync(http, HttpMethod.Post, "expiry", key, Ping, idle, protocolVersion: Version)).Status);
        Assert.Equal(200, (await RawMcp.SendAsync(http, HttpMethod.Post, "expiry", key, Ping, watched, protocolVersion: Version)).Status);
    }
}
