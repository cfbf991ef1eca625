using System.Buffers.Text;
using Microsoft.Win32.SafeHandles;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// Reads this process's resident memory after every request (limit_memory_soft) with one pread(2) of a
/// /proc/self/statm kept open — the kernel renders the file afresh at each read from offset 0 — instead of the
/// open, lock, read, unlock and close that reading the file anew costs.
/// </summary>
public sealed class ResidentMemoryProbe : IDisposable
{
    private readonly SafeFileHandle _statm;
    private readonly byte[] _buffer = new byte[128];

    private ResidentMemoryProbe(SafeFileHandle statm)
    {
        _statm = statm;
    }

    public static ResidentMemoryProbe OfCurrentProcess() => new(File.OpenHandle("/proc/self/statm"));

    /// <summary>Resident bytes now; 0 if the kernel's answer cannot be read.</summary>
    public long Read()
    {
        // statm: size resident shared text lib data dt (in pages)
        var length = RandomAccess.Read(_statm, _buffer, 0);
        var text = _buffer.AsSpan(0, length);
        var space = text.IndexOf((byte)' ');
        return space >= 0 && Utf8Parser.TryParse(text[(space + 1)..], out long pages, out _)
            ? pages * Environment.SystemPageSize
            : 0;
    }

    public void Dispose() => _statm.Dispose();
}
