using System.Net;
using System.Text;
using McpPlatform.TestCommon;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A small HTTP server for the test doubles (upstream APIs, the Kubernetes API): an <see cref="HttpListener"/> on a
/// free local port that hands each request to the double's handler on its own task, so a slow answer or an open
/// watch holds up no other request. A client that goes away mid-answer is not an error of the double.
/// </summary>
public sealed class TestHttpListener : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<HttpListenerContext, Task> handle;
    private readonly Task serving;

    public TestHttpListener(Func<HttpListenerContext, Task> handle)
    {
        this.handle = handle;
        BaseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        listener.Prefixes.Add(BaseUrl + "/");
        listener.Start();
        serving = ServeAsync();
    }

    public string BaseUrl { get; }

    /// <summary>Answers with a JSON body and closes the response.</summary>
    public static async Task WriteJsonAsync(HttpListenerResponse response, string json, HttpStatusCode status = HttpStatusCode.OK)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.StatusCode = (int)status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

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

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            await handle(context);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client went away, or the listener is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving;
    }
}
