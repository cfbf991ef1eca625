using System.Net.Sockets;
using System.Text;

namespace MiniOdooServer.App.Bus;

/// <summary>
/// The embedded bus's cross-process wake-up: every listening process binds a unix datagram socket
/// <c>&lt;dir&gt;/&lt;pid&gt;.sock</c>; a sender writes one byte to each socket found in the folder.
/// Why datagram sockets: one send reaches every listener (a FIFO has one reader, so a reload's two longpolling
/// workers could not both hear it); a send never blocks (a full buffer means a wake-up is already pending, and the
/// listener re-reads everything newer than what it has seen, so nothing is lost); a crashed listener leaves a file
/// that answers ECONNREFUSED and is removed by the next sender; and unlike inotify it needs no watch quota and does
/// not depend on the file system reporting another process's writes. The payload carries nothing: a listener always
/// re-reads the table, so coalesced or dropped wake-ups cannot lose a message. A data_dir too deep for a socket path
/// gets abstract sockets named after the entry, with plain marker files in the folder.
/// </summary>
internal sealed class DatagramWakeUp : IDisposable
{
    // sun_path is 108 bytes including the terminating NUL.
    private const int MaxPathBytes = 107;
    private static readonly byte[] Ping = [1];

    private readonly string _directory;
    private readonly Lazy<Socket> _sender = new(() => new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false });

    public DatagramWakeUp(string directory)
    {
        _directory = directory;
    }

    public string Directory => _directory;

    /// <summary>This process's entry in the folder: its socket, or the marker file of its abstract socket.</summary>
    public string OwnPath() => Path.Combine(_directory, $"{Environment.ProcessId}.sock");

    /// <summary>
    /// Where an entry of the folder listens: the socket file itself, or — when data_dir is too deep for a socket path
    /// (108 bytes) — a Linux abstract socket named after the entry's path, the entry then being a plain marker file.
    /// </summary>
    internal static UnixDomainSocketEndPoint EndPointOf(string path) =>
        Encoding.UTF8.GetByteCount(path) <= MaxPathBytes
            ? new UnixDomainSocketEndPoint(path)
            : new UnixDomainSocketEndPoint("\0mini-odoo-bus-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..32]);

    private static bool IsAbstract(string path) => Encoding.UTF8.GetByteCount(path) > MaxPathBytes;

    /// <summary>Wakes every listener; never blocks and never throws for a listener that is gone.</summary>
    public void WakeAll()
    {
        string[] sockets;
        try
        {
            sockets = System.IO.Directory.GetFiles(_directory, "*.sock");
        }
        catch (IOException)
        {
            return;
        }
        foreach (var path in sockets)
        {
            try
            {
                _sender.Value.SendTo(Ping, EndPointOf(path));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
            {
                // Nobody bound: a listener that died without cleaning up.
                TryDelete(path);
            }
            catch (SocketException)
            {
                // WouldBlock (its buffer is full: a wake-up is pending anyway) or a file that vanished meanwhile.
            }
        }
    }

    /// <summary>Binds this process's socket and calls <paramref name="woken"/> for every datagram until cancelled.</summary>
    public async Task ListenAsync(Action woken, Action listening, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(_directory);
        var path = OwnPath();
        TryDelete(path); // a previous process with this pid died without removing it
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(EndPointOf(path));
        try
        {
            if (IsAbstract(path))
            {
                // The abstract socket has no file: the marker is what senders find in the folder.
                await File.WriteAllBytesAsync(path, [], cancellationToken);
            }
            listening();
            var buffer = new byte[64];
            while (true)
            {
                await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                woken();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            TryDelete(path);
        }
    }

    public void Dispose()
    {
        if (_sender.IsValueCreated)
        {
            _sender.Value.Dispose();
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
