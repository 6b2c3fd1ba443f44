using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace McpPlatform.Frontend.Streams;

/// <summary>Writes a <c>text/event-stream</c> response: headers that defeat buffering, events and keep-alive comments.</summary>
public sealed class SseResponse(HttpResponse response)
{
    /// <summary>An SSE comment: clients ignore it, proxies see traffic.</summary>
    public static readonly ReadOnlyMemory<byte> KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    public void Start()
    {
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        // Proxies and compression must not hold events back.
        response.Headers.ContentEncoding = "identity";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }

    /// <summary>An event with an id; <paramref name="json"/> null writes an empty "priming" event (position only).</summary>
    public Task WriteEventAsync(string id, string? json, CancellationToken cancellationToken) =>
        WriteAsync(json is null ? $"id: {id}\ndata: \n\n" : $"event: message\nid: {id}\ndata: {json}\n\n", cancellationToken);

    public async Task WriteKeepAliveAsync(CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(KeepAliveComment, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public Task FlushAsync(CancellationToken cancellationToken) => response.Body.FlushAsync(cancellationToken);

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
