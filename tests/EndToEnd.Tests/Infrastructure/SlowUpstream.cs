using System.Net;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>An upstream API whose one operation, <c>slowAnswer</c>, answers <c>{"done":true}</c> after a delay.</summary>
public sealed class SlowUpstream : IAsyncDisposable
{
    private readonly TimeSpan delay;
    private readonly TestHttpListener server;
    private int received;

    public SlowUpstream(TimeSpan delay)
    {
        this.delay = delay;
        server = new TestHttpListener(AnswerLaterAsync);
    }

    public string BaseUrl => server.BaseUrl;

    /// <summary>Requests that arrived (answered or not yet).</summary>
    public int Received => Volatile.Read(ref received);

    public string Document => """
        {"openapi":"3.0.3","info":{"title":"Slow","version":"1"},"servers":[{"url":"BASE_URL"}],
         "paths":{"/slow":{"get":{"operationId":"slowAnswer","responses":{"200":{"description":"late","content":{"application/json":{"schema":{"type":"object","properties":{"done":{"type":"boolean"}}}}}}}}}}}
        """.Replace("BASE_URL", BaseUrl, StringComparison.Ordinal);

    private async Task AnswerLaterAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref received);
        await Task.Delay(delay);
        await TestHttpListener.WriteJsonAsync(context.Response, """{"done":true}""");
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
