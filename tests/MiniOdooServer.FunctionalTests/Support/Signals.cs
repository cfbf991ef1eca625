using System.Runtime.InteropServices;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>kill(2) for the tests: signals go to one pid, or to a process group (negative pid) for cleanup.</summary>
internal static partial class Signals
{
    public const int Hup = 1, Int = 2, Quit = 3, Kill = 9, Usr1 = 10, Usr2 = 12, Term = 15, Stop = 19, Ttin = 21, Ttou = 22;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    public static bool Send(int pid, int signal) => kill(pid, signal) == 0;

    public static bool IsAlive(int pid) => kill(pid, 0) == 0;
}
