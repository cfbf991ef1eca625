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
    Socket socket, EndPoint endPoint, ConnectionGate gate, SocketConnectionContextFactory connections) : IConnectionListener
{
    private readonly CancellationTokenSource _unbound = new();

    public EndPoint EndPoint { get; } = endPoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _unbound.Token);
        var slotTaken = false;
        try
        {
            await gate.WaitAsync(linked.Token);
            slotTaken = true;
            while (true)
            {
                try
                {
                    var accepted = await socket.AcceptAsync(linked.Token);
                    accepted.NoDelay = true;
                    return new GatedConnection(connections.Create(accepted), gate);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
                {
                    // The client gave up while queued; another worker would have shrugged too. Accept the next one.
                }
            }
        }
        catch (OperationCanceledException)
        {
            if (slotTaken)
            {
                gate.Release();
            }
            // Kestrel's contract: null once the listener is unbound.
            return null;
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
