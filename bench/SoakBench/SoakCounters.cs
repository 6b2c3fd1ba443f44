using System.Collections.Concurrent;

namespace McpPlatform.Bench.Soak;

/// <summary>What the load did, counted as it runs.</summary>
public sealed class SoakCounters
{
    private const int KeptFailures = 5;
    private long calls;
    private long failures;
    private long sessionsOpened;
    private long sessionsClosed;
    private long toolChanges;
    private long notifications;

    public ConcurrentQueue<string> FirstFailures { get; } = new();

    public long Calls => Interlocked.Read(ref calls);

    public long Failures => Interlocked.Read(ref failures);

    public long SessionsOpened => Interlocked.Read(ref sessionsOpened);

    public long SessionsClosed => Interlocked.Read(ref sessionsClosed);

    public long ToolChanges => Interlocked.Read(ref toolChanges);

    public long Notifications => Interlocked.Read(ref notifications);

    public void Called(bool ok, string what)
    {
        Interlocked.Increment(ref calls);
        if (!ok)
        {
            Failed(what);
        }
    }

    public void Failed(string what)
    {
        Interlocked.Increment(ref failures);
        if (FirstFailures.Count < KeptFailures)
        {
            FirstFailures.Enqueue(what.Length > 300 ? what[..300] : what);
        }
    }

    public void Opened() => Interlocked.Increment(ref sessionsOpened);

    public void Closed() => Interlocked.Increment(ref sessionsClosed);

    public void Changed() => Interlocked.Increment(ref toolChanges);

    public void Notified() => Interlocked.Increment(ref notifications);
}
