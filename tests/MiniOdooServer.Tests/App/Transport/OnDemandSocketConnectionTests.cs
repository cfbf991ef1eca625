using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using MiniOdooServer.App.Http.Transport;

namespace MiniOdooServer.Tests.App.Transport;

public sealed class OnDemandSocketConnectionTests
{
    [Fact]
    public void ADisposedConnectionDiesInTheNextCollection()
    {
        // A connection kept alive by a finalizable object survives every collection it meets: under load each one
        // is promoted out of gen0 and the GC grows its gen0 budget severalfold.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);

        var connection = ServeAndDispose(listener.Accept());
        GC.Collect();

        Assert.False(connection.IsAlive);
    }

    /// <summary>A long weak reference (tracking resurrection): it also sees an object kept for a finalizer.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ServeAndDispose(Socket accepted)
    {
        var connection = new OnDemandSocketConnection(accepted, new ConnectionAdmission(capacity: 1));
        connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new WeakReference(connection, trackResurrection: true);
    }
}
