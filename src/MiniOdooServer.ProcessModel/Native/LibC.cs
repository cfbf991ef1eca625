using System.Runtime.InteropServices;

namespace MiniOdooServer.ProcessModel.Native;

/// <summary>
/// The only P/Invoke of mini-odoo: the few libc calls .NET has no managed API for (Linux x64 constants).
/// Source-generated (LibraryImport), so Native AOT needs no runtime marshalling.
/// </summary>
internal static partial class LibC
{
    public const int F_SETFD = 2;
    public const int FD_CLOEXEC = 1;
    public const int F_ADD_SEALS = 1033;
    public const int F_GET_SEALS = 1034;
    public const int F_SEAL_SEAL = 0x1, F_SEAL_SHRINK = 0x2, F_SEAL_GROW = 0x4, F_SEAL_WRITE = 0x8;

    public const int O_WRONLY = 0x1;
    public const int O_CREAT = 0x40;
    public const int O_APPEND = 0x400;
    public const int O_CLOEXEC = 0x80000;

    public const int PROT_READ = 0x1;
    public const int PROT_WRITE = 0x2;
    public const int MAP_SHARED = 0x1;
    public const uint MFD_CLOEXEC = 0x1;
    public const uint MFD_ALLOW_SEALING = 0x2;
    public static readonly IntPtr MAP_FAILED = -1;

    public const int RLIMIT_CPU = 0;
    public const int RLIMIT_NOFILE = 7;

    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int memfd_create(string name, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial IntPtr mmap(IntPtr address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int munmap(IntPtr address, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getrlimit(int resource, out RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setrlimit(int resource, in RLimit limit);

    public const int AT_FDCWD = -100;
    public const int AT_EMPTY_PATH = 0x1000;
    public const uint STATX_INO = 0x100;

    /// <summary>struct statx: the same layout on every Linux architecture (unlike struct stat); 256 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct Statx
    {
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(136)] public uint DeviceMajor;
        [FieldOffset(140)] public uint DeviceMinor;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int directoryFd, string path, int flags, uint mask, out Statx result);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int execv(string path, string?[] argv);

    public static readonly IntPtr SIG_DFL = 0;
    public static readonly IntPtr SIG_IGN = 1;

    /// <summary>struct sigaction of x86-64 Linux; only the handler is read here.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct SigAction
    {
        public IntPtr Handler;
        public ulong Flags;
        public IntPtr Restorer;
        public fixed ulong Mask[16];
    }

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int sigaction(int signal, SigAction* action, SigAction* oldAction);

    [LibraryImport("libc")]
    public static partial IntPtr signal(int signal, IntPtr handler);
}
