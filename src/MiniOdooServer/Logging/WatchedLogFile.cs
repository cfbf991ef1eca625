using Microsoft.Win32.SafeHandles;
using MiniOdooServer.ProcessModel.Native;

namespace MiniOdooServer.Logging;

/// <summary>
/// <c>--logfile</c> as Odoo's WatchedFileHandler keeps it: before each write, if the file at the path is no longer the
/// one open (logrotate moved it away, someone removed it), the path is opened again, so lines go to the new file and
/// logrotate's default <c>create</c> mode works without <c>copytruncate</c>. Every process sharing the file checks
/// for itself. The check is one statx per write, and the sink writes at most every few tens of milliseconds.
/// </summary>
internal sealed class WatchedLogFile : Stream
{
    private readonly string _path;
    private SafeFileHandle _handle;
    private FileIdentity? _identity;

    public WatchedLogFile(string path)
    {
        _path = path;
        _handle = AppendOnlyFile.Open(path);
        _identity = FileIdentity.Of(_handle);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (FileIdentity.Of(_path) != _identity)
        {
            Reopen();
        }
        // O_APPEND: Linux appends whatever offset pwrite is given.
        RandomAccess.Write(_handle, buffer, fileOffset: 0);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Reopen()
    {
        SafeFileHandle reopened;
        try
        {
            reopened = AppendOnlyFile.Open(_path);
        }
        catch (IOException)
        {
            // The folder is gone or not writable now: keep the open file rather than lose the line; retried next write.
            return;
        }
        _handle.Dispose();
        _handle = reopened;
        _identity = FileIdentity.Of(reopened);
    }
}
