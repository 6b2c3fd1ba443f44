using System.Net;
using System.Text;
using McpPlatform.TestCommon;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>An upstream API (HttpListener) whose one operation, <c>slowAnswer</c>, answers <c>{"done":true}</c> after a delay.</summary>
public sealed class SlowUpstream : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly TimeSpan delay;
    private readonly Task serving;
    private int received;

    public SlowUpstream(TimeSpan delay)
    {
        this.delay = delay;
        BaseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        listener.Prefixes.Add(BaseUrl + "/");
        listener.Start();
        serving = ServeAsync();
    }

    public string BaseUrl { get; }

    /// <summary>Requests that arrived (answered or not yet).</summary>
    public int Received => Volatile.Read(ref received);

    public string Document => """
        {"openapi":"3.0.3","info":{"title":"Slow","version":"1"},"servers":[{"url":"BASE_URL"}],
         "paths":{"/slow":{"get":{"operationId":"slowAnswer","responses":{"200":{"description":"late","content":{"application/json":{"schema":{"type":"object","properties":{"done":{"type":"boolean"}}}}}}}}}}}
        """.Replace("BASE_URL", BaseUrl, StringComparison.Ordinal);

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = AnswerLaterAsync(context);
        }
    }

    private async Task AnswerLaterAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref received);
        await Task.Delay(delay);
        try
        {
            var body = Encoding.UTF8.GetBytes("""{"done":true}""");
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
            // The caller gave up.
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving;
    }
}
