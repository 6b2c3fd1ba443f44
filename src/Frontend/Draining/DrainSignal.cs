namespace McpPlatform.Frontend.Draining;

/// <summary>
/// What the drain tells the rest of the frontend: whether it has begun (responses then close their connections) and
/// when open streams must end (after the calls in flight finished, not at SIGTERM, so the calls' answers still go out
/// on the streams that carry them).
/// </summary>
public sealed class DrainSignal : IDisposable
{
    private readonly CancellationTokenSource streamsClosing = new();
    private volatile bool draining;

    public bool Draining => draining;

    /// <summary>Cancelled when GET streams, <c>subscriptions/listen</c> responses and legacy SSE streams must close.</summary>
    public CancellationToken StreamsClosing => streamsClosing.Token;

    internal void Begin() => draining = true;

    internal void CloseStreams()
    {
        draining = true;
        streamsClosing.Cancel();
    }

    public void Dispose() => streamsClosing.Dispose();
}
