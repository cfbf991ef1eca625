using System.Globalization;
using System.Net;
using System.Text;

namespace MiniOdooServer.App.Http.Diagnostics;

/// <summary>
/// Appends UTF-8 text to a span and remembers whether any of it did not fit, so that a line is written in one pass
/// and checked once at its end.
/// </summary>
internal ref struct Utf8LineWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;

    public int Length { get; private set; }

    public bool Overflowed { get; private set; }

    public void Write(ReadOnlySpan<byte> utf8)
    {
        if (utf8.TryCopyTo(_destination[Length..]))
        {
            Length += utf8.Length;
        }
        else
        {
            Overflowed = true;
        }
    }

    public void Write(byte ascii)
    {
        if (Length < _destination.Length)
        {
            _destination[Length++] = ascii;
        }
        else
        {
            Overflowed = true;
        }
    }

    /// <summary>The text's UTF-8 bytes, as <see cref="Encoding.UTF8"/> gives them for the whole line; nothing for null.</summary>
    public void Write(string? text)
    {
        if (Encoding.UTF8.TryGetBytes(text, _destination[Length..], out var written))
        {
            Length += written;
        }
        else
        {
            Overflowed = true;
        }
    }

    public void Write(IPAddress address) => Advance(address.TryFormat(_destination[Length..], out var written), written);

    public void Write(long value, ReadOnlySpan<char> format = default) =>
        Advance(value.TryFormat(_destination[Length..], out var written, format, CultureInfo.InvariantCulture), written);

    public void Write(double value, ReadOnlySpan<char> format) =>
        Advance(value.TryFormat(_destination[Length..], out var written, format, CultureInfo.InvariantCulture), written);

    private void Advance(bool fitted, int written)
    {
        if (fitted)
        {
            Length += written;
        }
        else
        {
            Overflowed = true;
        }
    }
}
