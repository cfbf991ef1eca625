using System.Runtime.InteropServices;
using MiniOdooServer.ProcessModel.Native;

namespace MiniOdooServer.ProcessModel;

/// <summary>
/// How to run this very program again: .NET cannot fork, so a worker is this binary executed again with a role
/// argument, and a threaded-mode SIGHUP executes it again in place, as Odoo's re-exec does.
/// Works for the native binary, the apphost and <c>dotnet mini-odoo.dll</c>.
/// </summary>
public static class SelfExecutable
{
    /// <summary>The program to execute and the arguments that come before this process's own arguments.</summary>
    public static (string Program, IReadOnlyList<string> Prefix) Command()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown");
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            // Run through the shared host: the first argument the host received is the application's dll.
            return (path, [Environment.GetCommandLineArgs()[0]]);
        }
        return (path, []);
    }

    /// <summary>Replaces this process with a fresh run of the same program (same pid); returns only on failure.</summary>
    public static void ReplaceProcess(IReadOnlyList<string> args)
    {
        var (program, prefix) = Command();
        string?[] argv = [program, .. prefix, .. args, null];
        LibC.execv(program, argv);
        throw new IOException($"execv {program} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }
}
