using System.Runtime.InteropServices;

namespace MiniOdooServer.Experiments.Server;

/// <summary>Signals to a whole process group (a master and its workers), by its id: never by process name.</summary>
internal static partial class ProcessGroup
{
    public const int Term = 15;
    public const int Kill = 9;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="groupId"/>; false when none is left.</summary>
    public static bool Signal(int groupId, int signal) => kill(-groupId, signal) == 0;

    /// <summary>True while some process of the group lives.</summary>
    public static bool IsAlive(int groupId) => kill(-groupId, 0) == 0;
}
