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
/// first exception an accept throws). A one-request worker waits through an <see cref="ExclusiveAcceptor"/> (one
/// worker woken per connection); a process serving many connections at once through .NET's socket engine.
/// </summary>
internal sealed class InheritedSocketListener : IConnectionListener
{
    private readonly Socket _socket;
    private readonly ConnectionAdmission _admission;
    private readonly SocketConnectionContextFactory _connections;
    private readonly AcceptLog _log;
    private readonly CancellationTokenSource _unbound = new();

    /// <summary>A one-request worker's wait for its next connection (one wake-up per connection); null elsewhere.</summary>
    private readonly ExclusiveAcceptor? _acceptor;

    public InheritedSocketListener(
        Socket socket, EndPoint endPoint, ConnectionAdmission admission, SocketConnectionContextFactory connections, AcceptLog log)
    {
        _socket = socket;
        _admission = admission;
        _connections = connections;
        _log = log;
        EndPoint = endPoint;
        if (admission.ServesOneRequestAtATime)
        {
            var acceptor = _acceptor = new ExclusiveAcceptor(socket);
            admission.TurnCalledOff = acceptor.CallOff;
            admission.Closing.UnsafeRegister(static state => ((ExclusiveAcceptor)state!).Stop(), acceptor);
            _unbound.Token.UnsafeRegister(static state => ((ExclusiveAcceptor)state!).Stop(), acceptor);
        }
    }

    public EndPoint EndPoint { get; }

    public ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default) =>
        _acceptor is null ? AcceptManyAsync(cancellationToken) : AcceptOneAtATimeAsync(_acceptor, cancellationToken);

    /// <summary>
    /// A one-request worker: a connection once it is this worker's turn, through its own epoll instance, so that the
    /// kernel wakes one worker per connection.
    /// </summary>
    private async ValueTask<ConnectionContext?> AcceptOneAtATimeAsync(ExclusiveAcceptor acceptor, CancellationToken cancellationToken)
    {
        // Kestrel's accept loop passes no token: then no linked source per connection.
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _unbound.Token) : null;
        var stopping = linked?.Token ?? _unbound.Token;
        using var registration = linked is null ? default : stopping.UnsafeRegister(static state => ((ExclusiveAcceptor)state!).Stop(), acceptor);
        var backoff = new AcceptBackoff();
        while (true)
        {
            // Kestrel's contract: null once the listener is unbound (or, here, once admission has closed).
            if (!await _admission.WaitForTurnAsync(stopping).ConfigureAwait(false))
            {
                return null;
            }
            var outcome = await acceptor.AcceptAsync(_admission.Turn).ConfigureAwait(false);
            if (outcome.Accepted)
            {
                backoff.Reset();
                _admission.AcceptSucceeded();
                // Accepted from a non-blocking listener, the socket is non-blocking too; its stream wants .NET's blocking
                // mode (a flag: reads and writes stay asynchronous).
                var accepted = outcome.Socket!;
                accepted.Blocking = true;
                accepted.NoDelay = true;
                return new OnDemandSocketConnection(accepted, _admission);
            }
            _admission.AcceptAbandoned();
            if (stopping.IsCancellationRequested || _admission.IsClosed)
            {
                return null;
            }
            if (outcome.Error != SocketError.Success)
            {
                // EMFILE, ENFILE, ENOBUFS, ENOMEM…: the connection stays queued, and retrying at once would spin.
                _log.Paused(new SocketException((int)outcome.Error), _admission.OpenConnections);
                if (!await backoff.WaitAsync(stopping).ConfigureAwait(false))
                {
                    return null;
                }
            }
            // Else the turn was called off (the slot was taken): the next connection is for an idle worker.
        }
    }

    /// <summary>A process serving many connections at once (the threaded server, the longpolling worker).</summary>
    private async ValueTask<ConnectionContext?> AcceptManyAsync(CancellationToken cancellationToken)
    {
        // Kestrel's contract: null once the listener is unbound (or, here, once admission has closed).
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _unbound.Token, _admission.Closing);
        var backoff = new AcceptBackoff();
        while (true)
        {
            if (!await _admission.WaitForTurnAsync(stopping.Token).ConfigureAwait(false))
            {
                return null;
            }
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _admission.AcceptAbandoned();
                return null;
            }
            catch (Exception e) when (e is ObjectDisposedException || e is SocketException { SocketErrorCode: SocketError.OperationAborted })
            {
                // The process closed its own listening socket (the threaded server stopping): nothing more to accept.
                _admission.AcceptAbandoned();
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                // The client gave up while queued; accept the next one.
                _admission.AcceptAbandoned();
                continue;
            }
            catch (SocketException e)
            {
                // EMFILE, ENFILE, ENOBUFS, ENOMEM…: the connection stays queued, and retrying at once would spin.
                _admission.AcceptAbandoned();
                _log.Paused(e, _admission.OpenConnections);
                if (!await backoff.WaitAsync(stopping.Token).ConfigureAwait(false))
                {
                    return null;
                }
                continue;
            }
            backoff.Reset();
            if (_admission.IsOverCapacity)
            {
                _admission.AcceptAbandoned();
                Refuse(accepted);
                _log.Refused(_admission.Capacity);
                continue;
            }
            _admission.AcceptSucceeded();
            accepted.NoDelay = true;
            return new AdmittedConnection(_connections.Create(accepted), _admission);
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
        _acceptor?.Dispose();
        return ValueTask.CompletedTask;
    }
}
