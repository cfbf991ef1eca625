using System.Globalization;

namespace MiniOdooServer.Experiments.Server;

/// <summary>The fields of one <c>/proc/PID/stat</c> line that <see cref="ServerCpuTime"/> needs.</summary>
internal readonly record struct ProcStat(int Pid, int ParentPid, int ProcessGroup, long UserTicks, long SystemTicks, long ChildrenTicks)
{
    /// <summary>Own user and system time, plus that of reaped children.</summary>
    public long Ticks => UserTicks + SystemTicks + ChildrenTicks;

    /// <summary>
    /// Parses "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …".
    /// The command name may hold spaces and parentheses, so the fields are counted from the last ')'.
    /// </summary>
    public static bool TryParse(string line, out ProcStat stat)
    {
        stat = default;
        var open = line.IndexOf(" (", StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        if (open <= 0 || close < open)
        {
            return false;
        }
        var fields = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is the state (field 3 of proc(5)); utime is field 14, so fields[11].
        if (fields.Length < 15 ||
            !int.TryParse(line.AsSpan(0, open), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ||
            !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ||
            !int.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var group) ||
            !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user) ||
            !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system) ||
            !long.TryParse(fields[13], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var childrenUser) ||
            !long.TryParse(fields[14], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var childrenSystem))
        {
            return false;
        }
        stat = new ProcStat(pid, parent, group, user, system, childrenUser + childrenSystem);
        return true;
    }
}
