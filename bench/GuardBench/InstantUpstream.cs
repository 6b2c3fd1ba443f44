using McpPlatform.TestCommon;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpPlatform.Bench.Guards;

/// <summary>An upstream that answers every call at once, so the timings are the platform's.</summary>
public sealed class InstantUpstream : IAsyncDisposable
{
    private readonly WebApplication app;
    private int requests;

    private InstantUpstream(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Requests => Volatile.Read(ref requests);

    public static async Task<InstantUpstream> StartAsync()
    {
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new InstantUpstream(app, baseUrl);
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref upstream.requests);
            return next(context);
        });
        app.MapGet("/notes", () => Results.Json(new { text = "hello" }));
        app.MapPost("/notes", () => Results.Json(new { text = "hello" }, statusCode: StatusCodes.Status201Created));
        await app.StartAsync();
        return upstream;
    }

    public static string Document(string baseUrl) => """
        {"openapi":"3.0.3","info":{"title":"Notes","version":"1"},"servers":[{"url":"BASE"}],
         "paths":{"/notes":{
           "get":{"operationId":"readNote","parameters":[{"name":"text","in":"query","schema":{"type":"string"}}],
                  "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"text":{"type":"string"}}}}}}}},
           "post":{"operationId":"writeNote","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"text":{"type":"string"}}}}}},
                  "responses":{"201":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"text":{"type":"string"}}}}}}}}}}}
        """.Replace("BASE", baseUrl, StringComparison.Ordinal);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
