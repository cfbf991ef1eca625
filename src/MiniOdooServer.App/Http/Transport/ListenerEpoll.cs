using System.Runtime.InteropServices;

namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// The libc calls of <see cref="ExclusiveAcceptor"/> (Linux x86-64 constants): an epoll instance of the worker's own
/// on the shared listening socket, an eventfd to wake its waiting thread, and a non-blocking accept4. The App knows
/// nothing of processes (no reference to the process model's LibC), hence this small file of its own.
/// Source-generated (LibraryImport), so Native AOT needs no runtime marshalling.
/// </summary>
internal static partial class ListenerEpoll
{
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const uint EPOLLIN = 0x1;
    public const uint EPOLLERR = 0x8;
    public const uint EPOLLHUP = 0x10;

    /// <summary>Linux 4.5: of the epoll instances waiting on one file, a readiness wakes one (or a few), not all.</summary>
    public const uint EPOLLEXCLUSIVE = 1u << 28;

    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;

    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int O_NONBLOCK = 0x800;

    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int ENFILE = 23;
    public const int EMFILE = 24;
    public const int ENOBUFS = 105;
    public const int ECONNABORTED = 103;
    public const int EPROTO = 71;
    public const int EPERM = 1;

    /// <summary>struct epoll_event: packed on x86-64 (12 bytes).</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, ref EpollEvent ev);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int epoll_wait(int epfd, EpollEvent* events, int maxEvents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int accept4(int fd, nint address, nint addressLength, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);
}
