using System.Globalization;

namespace McpPlatform.Bench.Common;

/// <summary>CPU time and memory of a process and everything it started, read from /proc (Linux).</summary>
/// <param name="CpuTime">User + system time of the process and its live descendants, plus what its reaped children used.</param>
/// <param name="ResidentBytes">VmRSS summed over the tree.</param>
/// <param name="PeakResidentBytes">VmHWM summed over the tree: the peak since start or since <see cref="ProcessUsage.ResetPeak"/>.</param>
public readonly record struct UsageSample(TimeSpan CpuTime, long ResidentBytes, long PeakResidentBytes);

public static class ProcessUsage
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on every Linux the project runs on.

    /// <summary>Reads the tree rooted at <paramref name="pid"/>.</summary>
    public static UsageSample Sample(int pid)
    {
        var tree = Tree(pid);
        double ticks = 0;
        long resident = 0, peak = 0;
        foreach (var member in tree)
        {
            if (Stat(member) is not { } stat)
            {
                continue;
            }

            // Reaped children's time is counted once, at the root: a live child's own cutime is its reaped children's.
            ticks += stat.UserTicks + stat.SystemTicks + stat.ChildUserTicks + stat.ChildSystemTicks;
            var (rss, hwm) = Memory(member);
            resident += rss;
            peak += hwm;
        }

        return new UsageSample(TimeSpan.FromSeconds(ticks / TicksPerSecond), resident, peak);
    }

    /// <summary>User + system time of one process, without its children: cheap enough to read around every request.</summary>
    public static TimeSpan CpuTime(int pid) =>
        Stat(pid) is { } stat ? TimeSpan.FromSeconds((stat.UserTicks + stat.SystemTicks) / TicksPerSecond) : TimeSpan.Zero;

    /// <summary>Sets the tree's peak RSS back to its current RSS, so the next sample's peak is the phase's own.</summary>
    public static void ResetPeak(int pid)
    {
        foreach (var member in Tree(pid))
        {
            try
            {
                File.WriteAllText($"/proc/{member}/clear_refs", "5");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Only the owner (or root) may; the peak then spans the process's life, which the report says.
            }
        }
    }

    private static List<int> Tree(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
            {
                if (!children.TryGetValue(stat.ParentId, out var list))
                {
                    children[stat.ParentId] = list = [];
                }

                list.Add(pid);
            }
        }

        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            if (children.TryGetValue(tree[i], out var list))
            {
                tree.AddRange(list);
            }
        }

        return tree;
    }

    private readonly record struct StatLine(int ParentId, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks);

    private static StatLine? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name is in parentheses and may hold spaces; the fields after it are space-separated.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return new StatLine((int)Field(4), Field(14), Field(15), Field(16), Field(17));
    }

    private static (long Resident, long Peak) Memory(int pid)
    {
        long resident = 0, peak = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    resident = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return (resident, peak);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
