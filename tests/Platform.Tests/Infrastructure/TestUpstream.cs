using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.TestCommon;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A real HTTP API on Kestrel that tests register with the platform. It records every request it receives,
/// so tests can assert what reached the upstream (and what did not).
/// </summary>
public sealed class TestUpstream : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private WebApplication? app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The document served at <c>/openapi.json</c>; tests may change it to exercise refresh.</summary>
    public string Document { get; set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => requests.ToArray();

    /// <summary>Tenant markers of calls to <c>/slow</c> whose client went away before the answer.</summary>
    public ConcurrentQueue<string> AbortedCalls { get; } = new();

    public IEnumerable<RecordedRequest> RequestsFor(string tenantMarker) => requests.Where(r => r.Headers.GetValueOrDefault("X-Tenant-Marker") == tenantMarker);

    public async Task StartAsync()
    {
        var port = FreePort.Next();
        BaseUrl = $"http://127.0.0.1:{port}";
        Document = TestApiDocument.Json(BaseUrl);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(BaseUrl);
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
            requests.Enqueue(new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "",
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body));
            await next();
        });
        app.MapGet("/openapi.json", () => Results.Text(Document, "application/json"));
        app.MapGet("/items/{id}", (string id, HttpRequest request) => Results.Json(new
        {
            id,
            verbose = request.Query["verbose"].ToString(),
            trace = request.Headers["X-Trace"].ToString(),
        }));
        app.MapGet("/items", (int? limit) => Results.Json(Enumerable.Range(1, limit ?? 3).Select(i => new { id = $"i-{i}", name = $"item {i}" })));
        app.MapPost("/items", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body);
            body!["id"] = "i-new";
            return Results.Json(body, statusCode: StatusCodes.Status201Created);
        });
        app.MapDelete("/items/{id}", (string id) => Results.NoContent());
        app.MapGet("/broken", () => Results.Problem(detail: "the database is on fire", statusCode: 500));
        app.MapGet("/text", () => Results.Text("plain words", "text/plain"));
        app.MapGet("/slow", async (HttpContext context) =>
        {
            var marker = context.Request.Headers["X-Tenant-Marker"].ToString();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                return Results.Text("finally", "text/plain");
            }
            catch (OperationCanceledException)
            {
                AbortedCalls.Enqueue(marker);
                throw;
            }
        });
        app.MapOrders(() => Interlocked.Increment(ref orders));
        await app.StartAsync();
    }

    private int orders;

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}

public sealed record RecordedRequest(string Method, string Path, string RawTarget, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement JsonBody => JsonDocument.Parse(Body).RootElement;
}
