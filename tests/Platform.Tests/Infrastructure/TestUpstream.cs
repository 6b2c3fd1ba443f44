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
/// <param name="host">The loopback address to listen on (127.0.0.2 … are loopback too on Linux).</param>
public sealed class TestUpstream(string host = "127.0.0.1") : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentDictionary<string, int> flakyAttempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> tokensIssued = new(StringComparer.Ordinal);
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
        BaseUrl = $"http://{host}:{port}";
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
        MapUpstreamCallEndpoints(app);
        app.MapOrders(() => Interlocked.Increment(ref orders));
        await app.StartAsync();
    }

    private int orders;

    /// <summary>Tokens the <c>/oauth/token</c> endpoint issued to a client id.</summary>
    public int TokensIssuedTo(string clientId) => tokensIssued.GetValueOrDefault(clientId);

    /// <summary>Endpoints for retries, redirects and OAuth client credentials (see <see cref="UpstreamCallsDocument"/>).</summary>
    private void MapUpstreamCallEndpoints(WebApplication api)
    {
        // Fails with ?status= (default 503) for the first ?failures= calls of each key (per tenant marker), then answers which attempt it was.
        api.MapMethods("/flaky/{key}", ["GET", "PUT", "POST", "DELETE"], (string key, int? failures, int? status, HttpRequest request) =>
        {
            var attempt = flakyAttempts.AddOrUpdate($"{request.Headers["X-Tenant-Marker"]}/{key}", 1, (_, n) => n + 1);
            return attempt <= (failures ?? 0)
                ? Results.Text($"attempt {attempt} failed", "text/plain", statusCode: status ?? 503)
                : Results.Json(new { key, attempt });
        });
        api.MapGet("/redirect/same", () => Results.Redirect("/items/redirected"));
        api.MapGet("/redirect/loop", () => Results.Redirect("/redirect/loop"));
        api.MapGet("/redirect/away", (string to) => Results.Redirect(to));

        // OAuth 2.0 client credentials (RFC 6749 §4.4): client_secret_basic or client_secret_post; the secret must be "s3cret-<client id>".
        api.MapPost("/oauth/token", async (HttpRequest request, int? expires) =>
        {
            var form = await request.ReadFormAsync();
            var (clientId, secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
            if (request.Headers.Authorization.ToString() is { Length: > 6 } basic && basic.StartsWith("Basic ", StringComparison.Ordinal))
            {
                var pair = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2);
                (clientId, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
            }

            if (form["grant_type"] != "client_credentials" || secret != "s3cret-" + clientId)
            {
                return Results.Json(new { error = "invalid_client", error_description = "unknown client or wrong secret" }, statusCode: 401);
            }

            var n = tokensIssued.AddOrUpdate(clientId, 1, (_, count) => count + 1);
            return Results.Json(new { access_token = $"tok-{clientId}-{n}", token_type = "Bearer", expires_in = expires ?? 3600 });
        });
    }

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
