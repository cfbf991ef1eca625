using System.Runtime.InteropServices;

namespace MiniOdooServer.ProcessModel.Native;

/// <summary>
/// Descriptors a master lets a child inherit only while it starts a worker, closed on exec the rest of the time: the
/// scoreboard and the configuration reach its workers, never the new master of a binary upgrade, which would keep the
/// old ones open for its whole life and hand them on to its own workers. Only the master loop starts processes, and
/// it starts one at a time, so no other start happens while they are inheritable.
/// </summary>
internal readonly ref struct InheritableDescriptors
{
    private readonly ReadOnlySpan<int> _fds;

    public InheritableDescriptors(ReadOnlySpan<int> fds)
    {
        _fds = fds;
        Set(fds, 0);
    }

    public void Dispose() => Set(_fds, LibC.FD_CLOEXEC);

    private static void Set(ReadOnlySpan<int> fds, int flags)
    {
        foreach (var fd in fds)
        {
            if (LibC.fcntl(fd, LibC.F_SETFD, flags) != 0)
            {
                throw new IOException($"cannot set the close-on-exec flag of descriptor {fd}: {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }
    }
}
