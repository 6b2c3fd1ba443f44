using System.Collections.Concurrent;
using System.Diagnostics;

namespace McpPlatform.EndToEnd.Tests.Chaos;

/// <summary>One HTTP request of the load. Times are from the start of the run.</summary>
public sealed record Attempt(string Agent, string RequestId, string Operation, string Frontend, TimeSpan Started, TimeSpan Ended, AttemptKind Kind, string? Detail);

/// <summary>One request as the agent means it, sent until it succeeds (writes again with the same idempotency key).</summary>
/// <param name="ResultId">The id of what a write created, as its first successful answer said.</param>
public sealed record LogicalCall(string Agent, string Operation, string? IdempotencyKey, IReadOnlyList<Attempt> Attempts, string? ResultId)
{
    public bool Succeeded => Attempts[^1].Kind == AttemptKind.Success;
}

/// <summary>A stretch of the run with a name, e.g. the time from a silo's kill until the load is healthy again.</summary>
public sealed record Phase(string Name, TimeSpan Start, TimeSpan End)
{
    public bool Contains(TimeSpan at) => at >= Start && at < End;
}

/// <summary>Everything the load did, for the report and the assertions.</summary>
public sealed class CallLedger
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Attempt> attempts = new();
    private readonly ConcurrentQueue<LogicalCall> calls = new();
    private readonly List<Phase> phases = [];
    private (string Name, TimeSpan Start)? current;
    private readonly ConcurrentDictionary<long, TimeSpan> inFlight = new();
    private long lastSuccessTicks;
    private long lastFailureTicks = -1;
    private long lastRequest;

    public TimeSpan Now => clock.Elapsed;

    public IReadOnlyCollection<Attempt> Attempts => attempts;

    public IReadOnlyCollection<LogicalCall> Calls => calls;

    public IReadOnlyList<Phase> Phases => phases;

    /// <summary>A request is being sent; returns its ticket for <see cref="Record"/>.</summary>
    public long Begin()
    {
        var ticket = Interlocked.Increment(ref lastRequest);
        inFlight[ticket] = Now;
        return ticket;
    }

    public void Record(long ticket, Attempt attempt)
    {
        inFlight.TryRemove(ticket, out _);
        attempts.Enqueue(attempt);
        if (attempt.Kind == AttemptKind.Success)
        {
            Interlocked.Exchange(ref lastSuccessTicks, attempt.Ended.Ticks);
        }
        else
        {
            Interlocked.Exchange(ref lastFailureTicks, attempt.Ended.Ticks);
        }
    }

    public void Complete(LogicalCall call) => calls.Enqueue(call);

    /// <summary>
    /// Healthy: a success within the last second, no failure for <paramref name="quiet"/>, and no request waiting longer
    /// than that (a call lost with a killed process fails only when its client gives up).
    /// </summary>
    public bool IsHealthy(TimeSpan quiet)
    {
        var now = Now;
        var lastFailure = Interlocked.Read(ref lastFailureTicks);
        return now.Ticks - Interlocked.Read(ref lastSuccessTicks) < TimeSpan.TicksPerSecond
            && (lastFailure < 0 || now.Ticks - lastFailure >= quiet.Ticks)
            && inFlight.Values.All(started => now - started < quiet);
    }

    /// <summary>
    /// Runs <paramref name="fault"/> at the start of a phase, which lasts at least <paramref name="minimum"/> and then until the
    /// load has been healthy for <paramref name="quiet"/>, or <paramref name="maximum"/> at most.
    /// </summary>
    public async Task PhaseAsync(string name, Func<Task> fault, TimeSpan minimum, TimeSpan maximum, TimeSpan quiet)
    {
        Begin(name);
        var start = Now;
        await fault();
        while (Now - start < maximum && (Now - start < minimum || !IsHealthy(quiet)))
        {
            await Task.Delay(200);
        }
    }

    /// <summary>Closes the phase that runs.</summary>
    public void EndPhases()
    {
        if (current is { } open)
        {
            phases.Add(new Phase(open.Name, open.Start, Now));
            current = null;
        }
    }

    /// <summary>The longest time in <paramref name="phase"/> without a successful request, counted from the phase's start to its end.</summary>
    public TimeSpan LongestGap(Phase phase)
    {
        var successes = attempts.Where(a => a.Kind == AttemptKind.Success && phase.Contains(a.Ended)).Select(a => a.Ended).Order().ToList();
        var longest = TimeSpan.Zero;
        var previous = phase.Start;
        foreach (var at in successes.Append(phase.End))
        {
            longest = at - previous > longest ? at - previous : longest;
            previous = at;
        }

        return longest;
    }

    private void Begin(string name)
    {
        EndPhases();
        current = (name, Now);
    }
}
