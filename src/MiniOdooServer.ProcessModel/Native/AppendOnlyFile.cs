using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MiniOdooServer.ProcessModel.Native;

/// <summary>
/// Opens a file with O_APPEND, which .NET's FileMode.Append does not do (it seeks once, then writes at its own
/// offset). With O_APPEND every write(2) — and every pwrite(2): Linux ignores its offset on such a file — lands at the current end of the file, so the master and all its workers can
/// append whole lines to one log file without overwriting each other.
/// </summary>
public static class AppendOnlyFile
{
    public static SafeFileHandle Open(string path)
    {
        var fd = LibC.open(path, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_APPEND | LibC.O_CLOEXEC, Convert.ToInt32("644", 8));
        if (fd < 0)
        {
            throw new IOException($"cannot open {path} for appending: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
