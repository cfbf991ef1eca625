using System.Runtime.InteropServices;

namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// The libc calls of <see cref="ExclusiveAcceptor"/> (Linux x86-64 constants): an epoll instance of the worker's own
/// on the shared listening socket, and an eventfd to wake its waiting thread. The App knows
/// nothing of processes (no reference to the process model's LibC), hence this small file of its own.
/// Source-generated (LibraryImport), so Native AOT needs no runtime marshalling.
/// </summary>
internal static partial class ListenerEpoll
{
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const uint EPOLLIN = 0x1;

    /// <summary>Linux 4.5: of the epoll instances waiting on one file, a readiness wakes one (or a few), not all.</summary>
    public const uint EPOLLEXCLUSIVE = 1u << 28;

    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;

    public const int EINTR = 4;

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
    public static partial int close(int fd);

    /// <summary>The calling thread's kernel id (glibc 2.30).</summary>
    [LibraryImport("libc")]
    public static partial int gettid();
}
