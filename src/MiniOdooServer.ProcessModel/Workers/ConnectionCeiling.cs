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
    /// <summary>Descriptors kept for the process's own files.</summary>
    public const int Reserve = 64;

    /// <summary>The ceiling for <paramref name="configured"/> connections (0: as many as the open-files limit allows).</summary>
    public static int For(int configured) => configured > 0 ? configured : Derived(OpenFilesLimit());

    /// <summary>The open-files limit less the <see cref="Reserve"/>, at least 1.</summary>
    public static int Derived(long openFilesLimit) => (int)Math.Clamp(openFilesLimit - Reserve, 1, int.MaxValue);

    /// <summary>The soft RLIMIT_NOFILE (the runtime raises it to the hard limit at start).</summary>
    public static long OpenFilesLimit() =>
        LibC.getrlimit(LibC.RLIMIT_NOFILE, out var limit) == 0 && limit.Current < long.MaxValue ? (long)limit.Current : int.MaxValue;
}
