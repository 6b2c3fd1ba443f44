using System.Collections.Concurrent;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// The tool calls running on this frontend, by session and JSON-RPC request id, so a <c>notifications/cancelled</c>
/// that reached another frontend (the SDK only cancels requests of its own process) can still abort them.
/// </summary>
public sealed class InFlightCalls
{
    private readonly ConcurrentDictionary<(string Session, string Request), CancellationTokenSource> calls = new();

    public int Count => calls.Count;

    /// <summary>Tracks a call of a session; dispose the result when the call ends. Sessionless calls are not tracked.</summary>
    public InFlightCall Track(string? sessionId, string requestId, CancellationToken requestAborted)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        if (sessionId is null)
        {
            return new InFlightCall(this, null, source);
        }

        var key = (sessionId, requestId);
        calls[key] = source;
        return new InFlightCall(this, key, source);
    }

    public bool TryCancel(string sessionId, string requestId)
    {
        if (!calls.TryGetValue((sessionId, requestId), out var source))
        {
            return false;
        }

        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call finished in the meantime.
        }

        return true;
    }

    internal void Remove((string, string) key, CancellationTokenSource source) => calls.TryRemove(KeyValuePair.Create(key, source));
}

public sealed class InFlightCall(InFlightCalls owner, (string, string)? key, CancellationTokenSource source) : IDisposable
{
    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        if (key is { } tracked)
        {
            owner.Remove(tracked, source);
        }

        source.Dispose();
    }
}
