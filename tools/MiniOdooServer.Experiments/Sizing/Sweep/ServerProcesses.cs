using System.Globalization;
using MiniOdooServer.Experiments.Server;

namespace MiniOdooServer.Experiments.Sizing.Sweep;

/// <summary>
/// What /proc says about the processes that answered a replay: whether each belongs to the server's process group
/// (an answer from anything else is not a measurement of this server), and their resident memory (VmRSS).
/// </summary>
internal static class ServerProcesses
{
    /// <summary>The process group of <paramref name="pid"/>, or null when it is gone.</summary>
    public static int? GroupOf(int pid, string procRoot = "/proc")
    {
        try
        {
            return ProcStat.TryParse(File.ReadAllText(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat")), out var stat)
                ? stat.ProcessGroup
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>VmRSS of <paramref name="pid"/> in MiB, or null when it is gone.</summary>
    public static double? ResidentMiB(int pid, string procRoot = "/proc")
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "status")))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kib, CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return null;
    }

    /// <summary>The median of the values, 0 for none.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
