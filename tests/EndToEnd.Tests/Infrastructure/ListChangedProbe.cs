using System.Diagnostics;
using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>An MCP session (C# SDK, 2025-11-25) held on one frontend, recording tools/list_changed notifications.</summary>
public sealed class ListChangedProbe : IAsyncDisposable
{
    private readonly Channel<DateTime> received = Channel.CreateUnbounded<DateTime>();
    private McpClient? client;
    private IAsyncDisposable? registration;

    public static async Task<ListChangedProbe> ConnectAsync(string mcpUrl, string key)
    {
        var probe = new ListChangedProbe();
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(mcpUrl),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        });
        probe.client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-11-25" });
        probe.registration = probe.client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
        {
            probe.received.Writer.TryWrite(DateTime.UtcNow);
            return ValueTask.CompletedTask;
        });
        await probe.client.ListToolsAsync();
        return probe;
    }

    /// <summary>Runs <paramref name="change"/> and returns how long after it finished the notification arrived (zero if before).</summary>
    public async Task<TimeSpan> MeasureAsync(Func<Task> change, TimeSpan timeout)
    {
        while (received.Reader.TryRead(out _))
        {
        }

        await change();
        var done = DateTime.UtcNow;
        using var cancel = new CancellationTokenSource(timeout);
        var at = await received.Reader.ReadAsync(cancel.Token);
        return at > done ? at - done : TimeSpan.Zero;
    }

    public async ValueTask DisposeAsync()
    {
        if (registration is not null)
        {
            await registration.DisposeAsync();
        }

        if (client is not null)
        {
            await client.DisposeAsync();
        }
    }
}
