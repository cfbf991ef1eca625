namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>
/// Cuts a byte stream into lines in one fixed buffer: memory stays at <see cref="OdooLogReader.MaxLineBytes"/> whatever
/// the file's size; a longer line is dropped as it streams by (never assembled). Read errors of the stream (I/O, a
/// damaged gzip) become a <see cref="LogFormatException"/> naming the file.
/// </summary>
internal sealed class LogLineSplitter(Stream stream, string name, int capacity)
{
    private readonly byte[] _buffer = new byte[capacity];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    public int LineStart { get; private set; }
    public int LineLength { get; private set; }

    /// <summary>The current line is the file's last and has no newline: possibly cut off.</summary>
    public bool Unterminated { get; private set; }

    /// <summary>The current line was longer than the buffer: its bytes are gone, only the fact is known.</summary>
    public bool TooLong { get; private set; }

    public long BytesRead { get; private set; }

    public ReadOnlySpan<byte> Line => _buffer.AsSpan(LineStart, LineLength);

    public bool Next()
    {
        TooLong = false;
        Unterminated = false;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                (LineStart, LineLength) = (_start, newline);
                _start += newline + 1;
                return true;
            }
            if (_eof)
            {
                if (_start == _end) return false;
                (LineStart, LineLength, Unterminated) = (_start, _end - _start, true);
                _start = _end;
                return true;
            }
            if (_start == 0 && _end == _buffer.Length)
            {
                SkipRestOfLine();
                TooLong = true;
                (LineStart, LineLength) = (0, 0);
                return true;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        var read = Read(_buffer.AsSpan(_end));
        if (read == 0) _eof = true;
        if (_first && read > 0)
        {
            _first = false;
            CheckText(_buffer.AsSpan(0, Math.Min(read, 8192)));
        }
        _end += read;
    }

    /// <summary>Drops bytes up to and including the next newline (or the end of the stream).</summary>
    private void SkipRestOfLine()
    {
        _start = _end = 0;
        while (true)
        {
            var read = Read(_buffer);
            if (read == 0)
            {
                _eof = true;
                return;
            }
            var newline = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                (_start, _end) = (newline + 1, read);
                return;
            }
        }
    }

    private int Read(Span<byte> into)
    {
        try
        {
            var read = stream.Read(into);
            BytesRead += read;
            return read;
        }
        catch (InvalidDataException e)
        {
            throw new LogFormatException($"{name}: damaged compressed data after {BytesRead:N0} bytes ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new LogFormatException($"{name}: read error after {BytesRead:N0} bytes ({e.Message})", e);
        }
    }

    /// <summary>A NUL byte in the first block means a binary file (an image, an archive, a core dump), not a log.</summary>
    private void CheckText(ReadOnlySpan<byte> head)
    {
        var nul = head.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new LogFormatException($"{name}: binary data (a NUL byte at offset {nul}), not an Odoo log");
        }
    }
}
