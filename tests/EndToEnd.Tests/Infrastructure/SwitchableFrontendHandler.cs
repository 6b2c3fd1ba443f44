using System.Collections.Concurrent;

namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Sends every request to whichever frontend is current, like a load balancer that stops routing to a dead pod:
/// the MCP client keeps its session id and URL path, only the host changes. It can also hold back the client's
/// GET stream reconnections for a while, to open a window in which the client has no stream.
/// </summary>
public sealed class SwitchableFrontendHandler(string initialFrontend) : DelegatingHandler(new SocketsHttpHandler())
{
    private volatile string current = initialFrontend;
    private volatile TaskCompletionSource streamsReleased = Released();
    private readonly ConcurrentQueue<string?> streamResumptions = new();

    public string Current => current;

    /// <summary>The <c>Last-Event-ID</c> of each GET stream the client opened (null for a fresh stream).</summary>
    public IReadOnlyList<string?> StreamLastEventIds => streamResumptions.ToList();

    public void SwitchTo(string frontend) => current = frontend;

    public void HoldStreams() => streamsReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseStreams() => streamsReleased.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get)
        {
            await streamsReleased.Task.WaitAsync(cancellationToken);
            streamResumptions.Enqueue(request.Headers.TryGetValues("Last-Event-ID", out var ids) ? ids.Single() : null);
        }

        var target = new Uri(current);
        request.RequestUri = new UriBuilder(request.RequestUri!) { Host = target.Host, Port = target.Port }.Uri;
        return await base.SendAsync(request, cancellationToken);
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource();
        released.SetResult();
        return released;
    }
}
