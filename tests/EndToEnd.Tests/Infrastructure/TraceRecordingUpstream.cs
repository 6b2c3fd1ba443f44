using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A minimal HTTP API on a socket: answers every request with a small JSON object and keeps the <c>traceparent</c>
/// header each request arrived with, so a test can follow a trace from the agent through the platform's processes.
/// </summary>
public sealed class TraceRecordingUpstream : IAsyncDisposable
{
    private const string Answer = """{"status":"ok"}""";
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<string?> traceParents = new();
    private readonly Task accepting;

    public TraceRecordingUpstream()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>The <c>traceparent</c> of each request received, in order (null when it had none).</summary>
    public IReadOnlyList<string?> TraceParents => traceParents.ToList();

    /// <summary>One operation, <c>getStatus</c> (GET /status).</summary>
    public string Document => """
        {"openapi":"3.0.3","info":{"title":"Status","version":"1"},"servers":[{"url":"BASE_URL"}],
         "paths":{"/status":{"get":{"operationId":"getStatus","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object"}}}}}}}}}
        """.Replace("BASE_URL", BaseUrl, StringComparison.Ordinal);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                _ = AnswerAsync(await listener.AcceptTcpClientAsync(stop.Token));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, stop.Token);
                if (read == 0)
                {
                    return;
                }

                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            var traceParent = head.ToString().Split("\r\n")
                .FirstOrDefault(line => line.StartsWith("traceparent:", StringComparison.OrdinalIgnoreCase))?["traceparent:".Length..].Trim();
            traceParents.Enqueue(traceParent);
            var response = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Answer.Length}\r\nConnection: close\r\n\r\n{Answer}";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response), stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
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
