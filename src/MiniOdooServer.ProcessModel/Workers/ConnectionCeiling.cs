using MiniOdooServer.ProcessModel.Native;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// How many connections one process may hold (<c>worker_connections</c>): by default what its open-files limit allows
/// once its own files (the runtime, logs, stores, the scoreboard) are set aside — a process that holds more fails at
/// accept (EMFILE) or, worse, when it next opens a file. A figure the user sets is taken as it is (the accept loops
/// survive EMFILE all the same).
/// </summary>
public static class ConnectionCeiling
{
    /// <summary>Descriptors kept beyond those open at start, whatever the limit.</summary>
    public const int MinimumReserve = 256;

    /// <summary>The ceiling for <paramref name="configured"/> connections (0: as many as the open-files limit allows).</summary>
    public static int For(int configured) => configured > 0 ? configured : Derived(OpenFilesLimit(), OpenNow());

    /// <summary>
    /// The open-files limit less what is open now and a reserve for what opens later (a JIT-compiled build keeps every
    /// assembly it loads open), an eighth of the limit but at least 256. Run out of
    /// descriptors, the runtime itself may abort ("Out of memory"), not only the accept. At least 1.
    /// </summary>
    public static int Derived(long openFilesLimit, int openNow) =>
        (int)Math.Clamp(openFilesLimit - openNow - Math.Max(MinimumReserve, openFilesLimit / 8), 1, int.MaxValue);

    /// <summary>Descriptors this process has open.</summary>
    public static int OpenNow()
    {
        try
        {
            return Directory.GetFileSystemEntries("/proc/self/fd").Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The soft RLIMIT_NOFILE (the runtime raises it to the hard limit at start).</summary>
    public static long OpenFilesLimit() =>
        LibC.getrlimit(LibC.RLIMIT_NOFILE, out var limit) == 0 && limit.Current < long.MaxValue ? (long)limit.Current : int.MaxValue;
}
