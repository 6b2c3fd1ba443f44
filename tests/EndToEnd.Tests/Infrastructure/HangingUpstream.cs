using System.Net;
using System.Net.Sockets;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An upstream API that accepts requests and never answers, and notices when the caller gives up (closes the
/// connection): how a test sees that a cancelled tool call really aborted its upstream HTTP request.
/// </summary>
public sealed class HangingUpstream : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private int received;
    private int abandoned;

    public HangingUpstream()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>Requests that arrived (their first bytes were read).</summary>
    public int Received => Volatile.Read(ref received);

    /// <summary>Requests whose caller closed the connection without an answer.</summary>
    public int Abandoned => Volatile.Read(ref abandoned);

    /// <summary>An OpenAPI document with one operation, <c>waitForever</c>, served by this upstream.</summary>
    public string Document => """
        {"openapi":"3.0.3","info":{"title":"Hanging","version":"1"},"servers":[{"url":"BASE_URL"}],
         "paths":{"/wait":{"get":{"operationId":"waitForever","responses":{"200":{"description":"never","content":{"text/plain":{"schema":{"type":"string"}}}}}}}}}
        """.Replace("BASE_URL", BaseUrl, StringComparison.Ordinal);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = HoldAsync(client);
        }
    }

    private async Task HoldAsync(TcpClient client)
    {
        using var _ = client;
        var buffer = new byte[4096];
        var stream = client.GetStream();
        try
        {
            if (await stream.ReadAsync(buffer, stop.Token) > 0)
            {
                Interlocked.Increment(ref received);
            }

            // Read until the caller closes its side: that is the abort.
            while (await stream.ReadAsync(buffer, stop.Token) > 0)
            {
            }

            Interlocked.Increment(ref abandoned);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            if (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref abandoned);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }
}
