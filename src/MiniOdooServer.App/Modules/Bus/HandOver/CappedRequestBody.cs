using Microsoft.AspNetCore.Http;

namespace MiniOdooServer.App.Modules.Bus.HandOver;

/// <summary>
/// A client's body on its way to the longpolling worker, refused once it passes <paramref name="cap"/> bytes — but only
/// after the rest was read and dropped (within Kestrel's own cap and minimum data rate), so that a client still
/// sending reads the 413 rather than a reset. Kestrel's own body limit fails the read at once and leaves the rest unread.
/// </summary>
internal sealed class CappedRequestBody(Stream inner, long cap) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = await inner.ReadAsync(buffer, cancellationToken);
        _read += count;
        if (_read > cap)
        {
            await inner.CopyToAsync(Null, cancellationToken);
            throw new BadHttpRequestException($"request body is over the limit of {cap} bytes", StatusCodes.Status413PayloadTooLarge);
        }
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
