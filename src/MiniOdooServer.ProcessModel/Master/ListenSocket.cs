using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using MiniOdooServer.ProcessModel.Native;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// The listening socket the master binds once and every worker of one kind inherits (close-on-exec cleared), so
/// that all accept from one kernel queue and a worker's death or a reload never closes the port. The threaded server
/// binds one for itself (not inherited: its reload executes the program again, which binds anew).
/// </summary>
public sealed class ListenSocket : IDisposable
{
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;
    private const int IpProtoTcp = 6;
    private const int TcpDeferAccept = 9;

    private readonly Socket _socket;

    private ListenSocket(Socket socket, IPEndPoint endPoint)
    {
        _socket = socket;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public int Fd => (int)_socket.SafeHandle.DangerousGetHandle();

    /// <summary>
    /// Binds and listens; a taken address raises a SocketException (AddressAlreadyInUse). With
    /// <paramref name="deferAcceptSeconds"/> (TCP_DEFER_ACCEPT, nginx's <c>deferred</c>) the kernel hands a connection
    /// over only once its first bytes arrived, or after that many seconds: a client that connects and says nothing
    /// costs no process anything meanwhile, and an accepted connection almost always has its request waiting.
    /// </summary>
    public static ListenSocket Bind(IPEndPoint endPoint, int backlog, bool inheritable = true, int deferAcceptSeconds = 0)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR alone (restart while old connections sit in TIME_WAIT). Not Socket.ReuseAddress: on Linux
            // .NET maps it to SO_REUSEPORT as well, which would let a second server silently share the port.
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            SetDeferAccept(socket, deferAcceptSeconds);
            socket.Bind(endPoint);
            socket.Listen(backlog);
            var fd = (int)socket.SafeHandle.DangerousGetHandle();
            if (inheritable && LibC.fcntl(fd, LibC.F_SETFD, 0) != 0)
            {
                throw new IOException($"cannot clear close-on-exec on the listening socket: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }
            return new ListenSocket(socket, (IPEndPoint)socket.LocalEndPoint!);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>TCP_DEFER_ACCEPT on a socket the service manager bound (see <see cref="Bind"/>).</summary>
    public void DeferAccept(int seconds) => SetDeferAccept(_socket, seconds);

    private static void SetDeferAccept(Socket socket, int seconds)
    {
        if (seconds > 0)
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpDeferAccept, BitConverter.GetBytes(seconds));
        }
    }

    /// <summary>
    /// Takes over a listening socket this process inherited (systemd's socket activation): made inheritable for the
    /// workers like a bound one. Null when the descriptor is not a listening TCP socket.
    /// </summary>
    public static ListenSocket? Adopt(int fd)
    {
        const int soAcceptConn = 30;
        Socket socket;
        try
        {
            socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        }
        catch (SocketException)
        {
            return null;
        }
        try
        {
            Span<byte> listening = stackalloc byte[4];
            if (socket.SocketType != SocketType.Stream || socket.LocalEndPoint is not IPEndPoint endPoint ||
                socket.GetRawSocketOption(SolSocket, soAcceptConn, listening) != 4 || BitConverter.ToInt32(listening) == 0 ||
                LibC.fcntl(fd, LibC.F_SETFD, 0) != 0)
            {
                socket.Dispose();
                return null;
            }
            return new ListenSocket(socket, endPoint);
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Connections waiting to be accepted, and the backlog: for a listening socket Linux's TCP_INFO reports the
    /// accept queue in tcpi_unacked and its size in tcpi_sacked (what <c>ss -l</c> shows as Recv-Q / Send-Q).
    /// </summary>
    public (int Depth, int Backlog)? ReadQueue()
    {
        const int ipProtoTcp = 6;
        const int tcpInfo = 11;
        Span<byte> info = stackalloc byte[104];
        try
        {
            var length = _socket.GetRawSocketOption(ipProtoTcp, tcpInfo, info);
            if (length < 32)
            {
                return null;
            }
            return (BitConverter.ToInt32(info[24..28]), BitConverter.ToInt32(info[28..32]));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    public override string ToString() => EndPoint.ToString();

    public void Dispose() => _socket.Dispose();
}
