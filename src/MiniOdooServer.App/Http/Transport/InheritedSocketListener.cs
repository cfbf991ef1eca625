using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// Accepts from a listening socket that another process bound and that many processes share (or that this process
/// bound for itself). It never closes or shuts the socket down: a shutdown(2) on a shared listening socket would stop
/// every process from accepting, so unbinding only stops this process's accept loop. And its accept loop never ends
/// by itself: out of file descriptors or buffers it pauses and tries again (Kestrel stops a listener for good at the
/// first exception an accept throws).
/// </summary>
internal sealed class InheritedSocketListener(
    Socket socket, EndPoint endPoint, ConnectionAdmission admission, SocketConnectionContextFactory connections, AcceptLog log)
    : IConnectionListener
{
    private readonly CancellationTokenSource _unbound = new();

    public EndPoint EndPoint { get; } = endPoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        // Kestrel's contract: null once the listener is unbound (or, here, once admission has closed).
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _unbound.Token, admission.Closing);
        var backoff = new AcceptBackoff();
        while (true)
        {
            if (!await admission.WaitForTurnAsync(stopping.Token).ConfigureAwait(false))
            {
                return null;
            }
            var turn = admission.Turn;
            Socket accepted;
            try
            {
                using var calledOff = turn.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(stopping.Token, turn) : null;
                accepted = await socket.AcceptAsync(calledOff?.Token ?? stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                admission.AcceptAbandoned();
                if (stopping.IsCancellationRequested)
                {
                    return null;
                }
                // The slot was taken while this accept waited: the next connection is for an idle worker.
                continue;
            }
            catch (Exception e) when (e is ObjectDisposedException || e is SocketException { SocketErrorCode: SocketError.OperationAborted })
            {
                // The process closed its own listening socket (the threaded server stopping): nothing more to accept.
                admission.AcceptAbandoned();
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                // The client gave up while queued; accept the next one.
                admission.AcceptAbandoned();
                continue;
            }
            catch (SocketException e)
            {
                // EMFILE, ENFILE, ENOBUFS, ENOMEM…: the connection stays queued, and retrying at once would spin.
                admission.AcceptAbandoned();
                log.Paused(e, admission.OpenConnections);
                if (!await backoff.WaitAsync(stopping.Token).ConfigureAwait(false))
                {
                    return null;
                }
                continue;
            }
            backoff.Reset();
            if (admission.IsOverCapacity)
            {
                admission.AcceptAbandoned();
                Refuse(accepted);
                log.Refused(admission.Capacity);
                continue;
            }
            admission.AcceptSucceeded();
            accepted.NoDelay = true;
            return admission.ServesOneRequestAtATime
                ? new OnDemandSocketConnection(accepted, admission)
                : new AdmittedConnection(connections.Create(accepted), admission);
        }
    }

    /// <summary>Over the ceiling: a reset now tells the client at once, where a descriptor shortage would fail it later.</summary>
    private static void Refuse(Socket accepted)
    {
        try
        {
            accepted.LingerState = new LingerOption(enable: true, seconds: 0);
        }
        catch (SocketException)
        {
        }
        accepted.Dispose();
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
