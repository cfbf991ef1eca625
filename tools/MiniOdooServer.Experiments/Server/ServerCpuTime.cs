using System.Globalization;

namespace MiniOdooServer.Experiments.Server;

/// <summary>
/// The CPU time (user + system) a server under test has consumed: the sum over every live process of its process
/// group and of its process tree (a worker that left the group still counts), read from <c>/proc/PID/stat</c>, plus
/// what its processes' reaped children had used (<c>cutime</c> + <c>cstime</c>: a worker that was respawned).
/// Read before and after a run, the difference is the CPU the server spent on that run, whatever else the machine did.
/// </summary>
internal static class ServerCpuTime
{
    /// <summary>Linux's USER_HZ: the unit of /proc's utime and stime, 100 on every Linux ABI.</summary>
    public const int TicksPerSecond = 100;

    /// <summary>The CPU time of group <paramref name="groupId"/> (its leader's pid, as setsid makes it) and its descendants.</summary>
    public static TimeSpan OfGroup(int groupId, string procRoot = "/proc") =>
        Sum(groupId, ReadAll(procRoot));

    /// <summary>Sums the processes in group <paramref name="groupId"/> and every descendant of them.</summary>
    public static TimeSpan Sum(int groupId, IReadOnlyList<ProcStat> processes)
    {
        var members = processes.Where(p => p.ProcessGroup == groupId || p.Pid == groupId).Select(p => p.Pid).ToHashSet();
        // Descendants that moved to another group (a child calling setsid) still cost the server's CPU.
        bool grew;
        do
        {
            grew = false;
            foreach (var process in processes)
            {
                if (!members.Contains(process.Pid) && members.Contains(process.ParentPid))
                {
                    members.Add(process.Pid);
                    grew = true;
                }
            }
        }
        while (grew);
        var ticks = processes.Where(p => members.Contains(p.Pid)).Sum(p => p.Ticks);
        return TimeSpan.FromSeconds((double)ticks / TicksPerSecond);
    }

    /// <summary>Every process's stat line that could be read; processes that exit meanwhile are skipped.</summary>
    public static IReadOnlyList<ProcStat> ReadAll(string procRoot = "/proc")
    {
        var stats = new List<ProcStat>();
        foreach (var directory in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }
            try
            {
                if (ProcStat.TryParse(File.ReadAllText(Path.Combine(directory, "stat")), out var stat))
                {
                    stats.Add(stat);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return stats;
    }
}
