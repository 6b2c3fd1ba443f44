using System.Collections.Concurrent;
using System.Net;
using System.Text;
using McpPlatform.TestCommon;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>An upstream API (HttpListener) with one operation, <c>whoAmI</c>, that records the Authorization header of every call.</summary>
public sealed class AuthRecordingUpstream : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task serving;

    public AuthRecordingUpstream()
    {
        BaseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        listener.Prefixes.Add(BaseUrl + "/");
        listener.Start();
        serving = ServeAsync();
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<string> Authorizations { get; } = new();

    public string Document => """
        {"openapi":"3.0.3","info":{"title":"Who am I","version":"1"},"servers":[{"url":"BASE_URL"}],
         "paths":{"/whoami":{"get":{"operationId":"whoAmI","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object"}}}}}}}}}
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

            Authorizations.Enqueue(context.Request.Headers["Authorization"] ?? "");
            var body = Encoding.UTF8.GetBytes("""{"ok":true}""");
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving;
    }
}
