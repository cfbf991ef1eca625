using Microsoft.Win32.SafeHandles;

namespace MiniOdooServer.ProcessModel.Native;

/// <summary>
/// Which file a path or an open descriptor is (device and inode): a log file moved away by logrotate keeps its
/// identity under its new name, and the file created in its place has another. .NET exposes no inode.
/// </summary>
public readonly record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode)
{
    /// <summary>The file at <paramref name="path"/> now, or null when there is none.</summary>
    public static FileIdentity? Of(string path) =>
        LibC.statx(LibC.AT_FDCWD, path, 0, LibC.STATX_INO, out var result) == 0 ? From(result) : null;

    /// <summary>The file an open descriptor refers to, whatever it is called now.</summary>
    public static FileIdentity? Of(SafeFileHandle handle) =>
        LibC.statx((int)handle.DangerousGetHandle(), "", LibC.AT_EMPTY_PATH, LibC.STATX_INO, out var result) == 0 ? From(result) : null;

    private static FileIdentity From(LibC.Statx result) => new(result.DeviceMajor, result.DeviceMinor, result.Inode);
}
