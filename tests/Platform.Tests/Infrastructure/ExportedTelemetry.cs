using System.Collections;
using System.Diagnostics;
using OpenTelemetry.Logs;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>What the platform's OpenTelemetry pipeline exported, collected by in-memory exporters.</summary>
public sealed class ExportedTelemetry
{
    public LockedCollection<Activity> Spans { get; } = new();

    public LockedCollection<LogRecord> Logs { get; } = new();

    public IReadOnlyList<Activity> SpansOf(ActivityTraceId traceId) => Spans.Snapshot().Where(s => s.TraceId == traceId).ToList();

    /// <summary>Waits until <paramref name="ready"/> holds for the exported spans (a server span ends after its response is sent).</summary>
    public async Task<IReadOnlyList<Activity>> WaitForTraceAsync(ActivityTraceId traceId, Func<IReadOnlyList<Activity>, bool> ready)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var spans = SpansOf(traceId);
            if (ready(spans) || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return spans;
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>A collection the exporters add to from any thread while a test reads snapshots of it.</summary>
public sealed class LockedCollection<T> : ICollection<T>
{
    private readonly List<T> items = [];

    public int Count
    {
        get
        {
            lock (items)
            {
                return items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public IReadOnlyList<T> Snapshot()
    {
        lock (items)
        {
            return items.ToList();
        }
    }

    public void Add(T item)
    {
        lock (items)
        {
            items.Add(item);
        }
    }

    public void Clear()
    {
        lock (items)
        {
            items.Clear();
        }
    }

    public bool Contains(T item)
    {
        lock (items)
        {
            return items.Contains(item);
        }
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (items)
        {
            items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (items)
        {
            return items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
