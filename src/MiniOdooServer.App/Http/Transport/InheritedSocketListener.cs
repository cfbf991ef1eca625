using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// Accepts from a listening socket that another process bound and that many processes share. It never closes or
/// shuts the socket down: a shutdown(2) on a shared listening socket would stop every process from accepting,
/// so unbinding only stops this process's accept loop.
/// </summary>
internal sealed class InheritedSocketListener(
    Socket socket, EndPoint endPoint, ConnectionAdmission admission, SocketConnectionContextFactory connections) : IConnectionListener
{
    private readonly CancellationTokenSource _unbound = new();

    public EndPoint EndPoint { get; } = endPoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _unbound.Token);
        // Kestrel's contract: null once the listener is unbound (or, here, once admission has closed).
        if (!await admission.TryBeginAcceptAsync(linked.Token).ConfigureAwait(false))
        {
            return null;
        }
        using var acceptCancel = CancellationTokenSource.CreateLinkedTokenSource(linked.Token, admission.Closing);
        while (true)
        {
            try
            {
                var accepted = await socket.AcceptAsync(acceptCancel.Token);
                admission.AcceptSucceeded();
                accepted.NoDelay = true;
                return admission.ServesOneAtATime
                    ? new OnDemandSocketConnection(accepted, admission.ConnectionEnded)
                    : new AdmittedConnection(connections.Create(accepted), admission);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                // The client gave up while queued; accept the next one.
            }
            catch (OperationCanceledException)
            {
                admission.AcceptAbandoned();
                return null;
            }
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _unbound.Cancel();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _unbound.Cancel();
        _unbound.Dispose();
        return ValueTask.CompletedTask;
    }
}
