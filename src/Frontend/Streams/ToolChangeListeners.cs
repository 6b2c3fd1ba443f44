using System.Collections.Concurrent;
using System.Threading.Channels;

namespace McpPlatform.Frontend.Streams;

/// <summary>
/// The open server-to-client streams on this frontend that want to hear about tool changes: sessions' GET streams
/// and 2026-07-28 <c>subscriptions/listen</c> requests. Every frontend hears every tenant's changes from the
/// cluster, so whichever frontend holds a stream can feed it.
/// </summary>
public sealed class ToolChangeListeners
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<ToolChangeListener, byte>> byTenant = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ToolChangeListener> bySession = new(StringComparer.Ordinal);

    public int Count => byTenant.Values.Sum(listeners => listeners.Count);

    /// <summary>
    /// Starts listening. A session gets its messages on one stream only (the spec forbids broadcasting one message
    /// over several), so a newer stream of the same session replaces an older one here, which is closed.
    /// </summary>
    public ToolChangeListener Listen(string tenantId, string? sessionId)
    {
        var listener = new ToolChangeListener(this, tenantId, sessionId);
        byTenant.GetOrAdd(tenantId, _ => new ConcurrentDictionary<ToolChangeListener, byte>())[listener] = 0;
        if (sessionId is not null)
        {
            bySession.AddOrUpdate(sessionId, listener, (_, older) =>
            {
                older.Close();
                return listener;
            });
        }

        return listener;
    }

    public void ToolsChanged(string tenantId, long version)
    {
        if (byTenant.TryGetValue(tenantId, out var listeners))
        {
            foreach (var listener in listeners.Keys)
            {
                listener.Offer(version);
            }
        }
    }

    /// <summary>The session ended (on any frontend): its stream here, if any, closes.</summary>
    public void SessionEnded(string sessionId)
    {
        if (bySession.TryGetValue(sessionId, out var listener))
        {
            listener.Close();
        }
    }

    /// <summary>Shutdown: every stream ends, so clients reconnect (and resume) on another frontend.</summary>
    public void CloseAll()
    {
        foreach (var listener in byTenant.Values.SelectMany(l => l.Keys))
        {
            listener.Close();
        }
    }

    internal void Remove(ToolChangeListener listener)
    {
        if (byTenant.TryGetValue(listener.TenantId, out var listeners))
        {
            listeners.TryRemove(listener, out _);
        }

        if (listener.SessionId is { } sessionId)
        {
            bySession.TryRemove(KeyValuePair.Create(sessionId, listener));
        }
    }
}

/// <summary>One open stream's inbox of tool-list versions; completes when the stream must close.</summary>
public sealed class ToolChangeListener : IDisposable
{
    private readonly ToolChangeListeners owner;
    private readonly Channel<long> versions = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    internal ToolChangeListener(ToolChangeListeners owner, string tenantId, string? sessionId)
    {
        this.owner = owner;
        TenantId = tenantId;
        SessionId = sessionId;
    }

    public string TenantId { get; }

    public string? SessionId { get; }

    public ChannelReader<long> Versions => versions.Reader;

    internal void Offer(long version) => versions.Writer.TryWrite(version);

    internal void Close() => versions.Writer.TryComplete();

    public void Dispose()
    {
        Close();
        owner.Remove(this);
    }
}
