using System.Diagnostics;
using McpPlatform.Bench.Common;

namespace McpPlatform.Bench.Load;

/// <summary>A process whose CPU and memory a run reads; <see cref="Gateway"/> ones add up to the gateway's cost.</summary>
public sealed record Monitored(string Role, int ProcessId, bool Gateway)
{
    /// <summary>The bench process itself: only its own threads, since its process tree holds everything else.</summary>
    public static Monitored LoadGenerator { get; } = new("load generator", Environment.ProcessId, Gateway: false);

    public UsageSample Sample()
    {
        if (ProcessId != Environment.ProcessId)
        {
            return ProcessUsage.Sample(ProcessId);
        }

        using var self = Process.GetCurrentProcess();
        return new UsageSample(self.TotalProcessorTime, self.WorkingSet64, self.PeakWorkingSet64);
    }
}

/// <summary>What one process used during a measured window.</summary>
public sealed record ProcessCost(Monitored Process, TimeSpan Cpu, long PeakResidentBytes);

/// <summary>One run: a target, a kind of call, the load's numbers and each process's cost.</summary>
public sealed record Measurement(string Target, string Kind, LoadResult Load, IReadOnlyList<ProcessCost> Costs)
{
    public TimeSpan GatewayCpu => Costs.Where(c => c.Process.Gateway).Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Cpu);

    /// <summary>Gateway CPU per call in microseconds; for the direct run there is no gateway and this is 0.</summary>
    public double GatewayMicrosecondsPerCall => Load.Calls == 0 ? double.NaN : GatewayCpu.TotalMicroseconds / Load.Calls;

    public double MicrosecondsPerCall(string role) =>
        Costs.Where(c => c.Process.Role == role).Sum(c => c.Cpu.TotalMicroseconds) / Math.Max(1, Load.Calls);

    /// <summary>Runs the load and reads every process at the window's edges.</summary>
    public static async Task<Measurement> TakeAsync(
        string target, string kind, IReadOnlyList<LoadCall> workers, IReadOnlyList<Monitored> processes, TimeSpan warmUp, TimeSpan window)
    {
        var before = new UsageSample[processes.Count];
        var after = new UsageSample[processes.Count];
        var load = await ClosedLoop.RunAsync(workers, warmUp, window,
            onWindowStart: () =>
            {
                for (var i = 0; i < processes.Count; i++)
                {
                    if (processes[i].ProcessId != Environment.ProcessId)
                    {
                        ProcessUsage.ResetPeak(processes[i].ProcessId);
                    }

                    before[i] = processes[i].Sample();
                }
            },
            onWindowEnd: () =>
            {
                for (var i = 0; i < processes.Count; i++)
                {
                    after[i] = processes[i].Sample();
                }
            });
        var costs = processes.Select((p, i) => new ProcessCost(p, after[i].CpuTime - before[i].CpuTime, after[i].PeakResidentBytes)).ToList();
        var measurement = new Measurement(target, kind, load, costs);
        Console.WriteLine($"  {target,-9} {kind,-5} {load.CallsPerSecond,8:F0} calls/s  p50 {load.Percentile(50):F2} ms  p99 {load.Percentile(99):F2} ms" +
            $"  errors {load.Errors}  gateway CPU {measurement.GatewayMicrosecondsPerCall:F0} µs/call" +
            string.Concat(costs.Select(c => $"  {c.Process.Role} {c.Cpu.TotalSeconds:F1} s")));
        return measurement;
    }
}
