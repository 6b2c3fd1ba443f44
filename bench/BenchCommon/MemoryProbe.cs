using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace McpPlatform.Bench.Common;

/// <summary>One process's memory at one moment.</summary>
/// <param name="ResidentBytes">VmRSS before the probe's collection: what the operating system sees.</param>
/// <param name="LiveHeapBytes">Managed bytes that survived a full, blocking collection: what the process really keeps.</param>
/// <param name="ResidentAfterGcBytes">VmRSS right after that collection (the GC returns some freed memory at once, not all).</param>
public sealed record MemorySample(long ResidentBytes, long LiveHeapBytes, long ResidentAfterGcBytes)
{
    public static MemorySample operator +(MemorySample a, MemorySample b) =>
        new(a.ResidentBytes + b.ResidentBytes, a.LiveHeapBytes + b.LiveHeapBytes, a.ResidentAfterGcBytes + b.ResidentAfterGcBytes);

    public static MemorySample operator -(MemorySample a, MemorySample b) =>
        new(a.ResidentBytes - b.ResidentBytes, a.LiveHeapBytes - b.LiveHeapBytes, a.ResidentAfterGcBytes - b.ResidentAfterGcBytes);
}

/// <summary>
/// Reads a process's memory from outside it, so the platform needs no diagnostic endpoint: RSS from /proc, and the
/// live managed heap from an EventPipe session with the runtime's GCHeapCollect keyword, which makes the target run a
/// full blocking GC and report the bytes each generation kept (GCHeapStats) — what dotnet-gcdump does, without the
/// heap walk.
/// </summary>
public static class MemoryProbe
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<MemorySample> SampleAsync(int pid)
    {
        var resident = ResidentBytes(pid);
        var live = await LiveHeapAfterFullGcAsync(pid);
        return new MemorySample(resident, live, ResidentBytes(pid));
    }

    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line.");
    }

    private static Task<long> LiveHeapAfterFullGcAsync(int pid) => Task.Run(() =>
    {
        var client = new DiagnosticsClient(pid);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider(RuntimeProvider, EventLevel.Informational, keywords)], requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        long? live = null;
        var inducedFullGc = false;
        source.Clr.GCStart += e => inducedFullGc |= e.Reason == GCReason.Induced && e.Depth == 2;
        source.Clr.GCHeapStats += e =>
        {
            if (inducedFullGc && live is null)
            {
                // A full GC condemns every generation, so what it promoted is everything still reachable.
                live = e.TotalPromotedSize0 + e.TotalPromotedSize1 + e.TotalPromotedSize2 + e.TotalPromotedSize3 + e.TotalPromotedSize4;
                session.Stop();
            }
        };
        using var timeout = new Timer(_ => session.Stop(), null, Timeout, System.Threading.Timeout.InfiniteTimeSpan);
        source.Process();
        return live ?? throw new TimeoutException($"Process {pid} reported no induced full GC within {Timeout}.");
    });
}
