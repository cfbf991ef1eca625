using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MiniOdooServer.ProcessModel.Native;

/// <summary>
/// Bytes a master hands the processes it starts, in a memfd they inherit: sealed once written, so that no process can
/// change what the next one reads, and read with positioned reads, so that processes reading it at once never share
/// a file offset.
/// </summary>
internal sealed class SealedMemoryFile : IDisposable
{
    private const int AllSeals = LibC.F_SEAL_SEAL | LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW | LibC.F_SEAL_WRITE;

    private SealedMemoryFile(int fd) => Fd = fd;

    /// <summary>The descriptor, closed on exec: inherited only where <see cref="InheritableDescriptors"/> allows it.</summary>
    public int Fd { get; }

    public static SealedMemoryFile Create(string name, ReadOnlySpan<byte> contents)
    {
        var fd = LibC.memfd_create(name, LibC.MFD_ALLOW_SEALING | LibC.MFD_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"cannot create the memory file {name}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        try
        {
            using (var handle = new SafeFileHandle(fd, ownsHandle: false))
            {
                RandomAccess.Write(handle, contents, 0);
            }
            if (LibC.fcntl(fd, LibC.F_ADD_SEALS, AllSeals) != 0)
            {
                throw new IOException($"cannot seal the memory file {name}: {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }
        catch
        {
            LibC.close(fd);
            throw;
        }
        return new SealedMemoryFile(fd);
    }

    /// <summary>Reads the whole of a sealed memory file this process inherited; throws when <paramref name="fd"/> is not one.</summary>
    public static byte[] ReadAll(int fd)
    {
        var seals = LibC.fcntl(fd, LibC.F_GET_SEALS, 0);
        if (seals < 0 || (seals & AllSeals) != AllSeals)
        {
            throw new IOException($"descriptor {fd} is not a sealed memory file");
        }
        using var handle = new SafeFileHandle(fd, ownsHandle: false);
        var bytes = new byte[RandomAccess.GetLength(handle)];
        var read = 0;
        while (read < bytes.Length && RandomAccess.Read(handle, bytes.AsSpan(read), read) is var n && n > 0)
        {
            read += n;
        }
        return read == bytes.Length ? bytes : throw new IOException($"descriptor {fd}: read {read} of {bytes.Length} bytes");
    }

    public void Dispose() => LibC.close(Fd);
}
