using System.Collections.Concurrent;

namespace McpPlatform.Frontend.Mcp;

/// <summary>
/// The tool calls running on this frontend, by session and JSON-RPC request id, so a <c>notifications/cancelled</c>
/// that reached another frontend (the SDK only cancels requests of its own process) can still abort them; and how
/// many run in all, sessionless ones too, so a stopping frontend can wait for them (<c>FrontendDrain</c>).
/// </summary>
public sealed class InFlightCalls
{
    private readonly ConcurrentDictionary<(string Session, string Request), CancellationTokenSource> calls = new();
    private readonly ConcurrentDictionary<CancellationTokenSource, byte> running = new();

    /// <summary>Calls of sessions, the ones a cancellation can find by id.</summary>
    public int Count => calls.Count;

    /// <summary>Every call running here, with or without a session.</summary>
    public int Running => running.Count;

    /// <summary>Tracks a call; dispose the result when the call ends. Only calls of a session can be cancelled by id.</summary>
    public InFlightCall Track(string? sessionId, string requestId, CancellationToken requestAborted)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        running[source] = 0;
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

    /// <summary>Aborts every call still running (a drain that ran out of time); returns how many there were.</summary>
    public int CancelAll()
    {
        var cancelled = 0;
        foreach (var source in running.Keys)
        {
            try
            {
                source.Cancel();
                cancelled++;
            }
            catch (ObjectDisposedException)
            {
                // Finished in the meantime.
            }
        }

        return cancelled;
    }

    internal void Remove((string, string)? key, CancellationTokenSource source)
    {
        if (key is { } tracked)
        {
            calls.TryRemove(KeyValuePair.Create(tracked, source));
        }

        running.TryRemove(source, out _);
    }
}

public sealed class InFlightCall(InFlightCalls owner, (string, string)? key, CancellationTokenSource source) : IDisposable
{
    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        owner.Remove(key, source);
        source.Dispose();
    }
}
