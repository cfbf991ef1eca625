using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// Kestrel's transport for an inherited listening descriptor (<c>ListenHandle</c>): the socket is adopted without
/// owning it, and accepts are gated by <see cref="ConnectionAdmission"/>. Other endpoints are left to the default transport.
/// </summary>
internal sealed class InheritedSocketListenerFactory(
    ConnectionAdmission admission, ILoggerFactory loggerFactory, HttpServerSettings settings, TimeProvider time)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is FileHandleEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var handle = (FileHandleEndPoint)endpoint;
        // ownsHandle: false — the descriptor belongs to the master's socket; disposing ours must not close it.
        var socket = new Socket(new SafeSocketHandle((IntPtr)(long)handle.FileHandle, ownsHandle: false));
        var connections = new SocketConnectionContextFactory(
            new SocketConnectionFactoryOptions { UnsafePreferInlineScheduling = settings.InlineSocketScheduling }, loggerFactory.CreateLogger(LoggerNames.HttpTransport));
        var log = new AcceptLog(loggerFactory.CreateLogger(LoggerNames.HttpTransport), time);
        IConnectionListener listener = new InheritedSocketListener(socket, socket.LocalEndPoint ?? endpoint, admission, connections, log);
        return ValueTask.FromResult(listener);
    }
}
