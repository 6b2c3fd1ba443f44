using System.Collections.Concurrent;
using System.Net;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>An upstream API with one operation, <c>whoAmI</c>, that records the Authorization header of every call.</summary>
public sealed class AuthRecordingUpstream : IAsyncDisposable
{
    private readonly TestHttpListener server;

    public AuthRecordingUpstream() => server = new TestHttpListener(AnswerAsync);

    public string BaseUrl => server.BaseUrl;

    public ConcurrentQueue<string> Authorizations { get; } = new();

    public string Document => """
        {"openapi":"3.0.3","info":{"title":"Who am I","version":"1"},"servers":[{"url":"BASE_URL"}],
         "paths":{"/whoami":{"get":{"operationId":"whoAmI","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object"}}}}}}}}}
        """.Replace("BASE_URL", BaseUrl, StringComparison.Ordinal);

    private Task AnswerAsync(HttpListenerContext context)
    {
        Authorizations.Enqueue(context.Request.Headers["Authorization"] ?? "");
        return TestHttpListener.WriteJsonAsync(context.Response, """{"ok":true}""");
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
