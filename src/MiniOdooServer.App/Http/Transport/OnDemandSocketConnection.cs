using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// A connection of a one-request-at-a-time worker, read from the socket only when Kestrel asks for data and written
/// as Kestrel flushes — on Kestrel's own thread. Kestrel's socket transport instead runs receive and send loops that
/// hand every buffer between threads: cheap when a process serves hundreds of connections at once, but a worker
/// with a single connection then pays several thread wake-ups per request, which cost more than the request.
/// Until a read finds nothing to read it is fresh (<see cref="ConnectionAdmission.ConnectionWaitsForClient"/>): the
/// master's socket hands over connections once their first bytes arrived (TCP_DEFER_ACCEPT), so nothing to read means
/// a slow or silent client — without that, a client's request often follows its connection by microseconds, and a
/// worker that took such a connection for a slow one accepted the next ones in a burst, and requests then waited in a
/// busy worker while another idled (docs/hostile-clients.md).
/// </summary>
internal sealed class OnDemandSocketConnection : ConnectionContext, IConnectionSlotFeature
{
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true);
    private static readonly StreamPipeWriterOptions WriterOptions = new(leaveOpen: true);

    private readonly Socket _socket;
    private readonly ClientStream _stream;
    private readonly CancellationTokenSource _closed = new();
    private readonly ConnectionAdmission _admission;
    private static long s_lastId;
    private string? _id;
    private int _disposed;
    private int _released;
    private int _fresh = 1;

    public OnDemandSocketConnection(Socket socket, ConnectionAdmission admission)
    {
        _socket = socket;
        _admission = admission;
        _stream = new ClientStream(socket, this);
        Transport = new DuplexPipe(PipeReader.Create(_stream, ReaderOptions), PipeWriter.Create(_stream, WriterOptions));
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
        ConnectionClosed = _closed.Token;
        Features.Set<IConnectionSlotFeature>(this);
    }

    public override string ConnectionId
    {
        get => _id ??= "c" + Interlocked.Increment(ref s_lastId).ToString(CultureInfo.InvariantCulture);
        set => _id = value;
    }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed { get; set; }

    public override EndPoint? LocalEndPoint { get; set; }

    public override EndPoint? RemoteEndPoint { get; set; }

    /// <summary>Kestrel gives up on the connection (a header timeout, an aborted request): a pending read must end now.</summary>
    public override void Abort(ConnectionAbortedException abortReason)
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        CancelClosed();
    }

    public override ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return ValueTask.CompletedTask;
        }
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // The client already left.
        }
        _socket.Dispose();
        // A NetworkStream left undisposed waits for its finalizer, and through this connection keeps Kestrel's whole
        // per-connection graph alive past the next collection: every connection then survived gen0, and the GC
        // answered the survival with a much larger gen0 budget (bench/results/prefork/2026-12-06-gen0.md).
        _stream.Dispose();
        CancelClosed();
        _closed.Dispose();
        ReleaseSlot();
        return ValueTask.CompletedTask;
    }

    /// <summary>Gives the admission slot back, at most once: a request handed over early, or the connection's end.</summary>
    public void ReleaseSlot()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _admission.ConnectionEnded(fresh: Interlocked.Exchange(ref _fresh, 0) == 1);
        }
    }

    /// <summary>The client is slow or silent: the worker may accept its next connection meanwhile.</summary>
    private void WaitingForClient()
    {
        if (Interlocked.Exchange(ref _fresh, 0) == 1)
        {
            _admission.ConnectionWaitsForClient();
        }
    }

    private void CancelClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// The socket's stream, telling its connection when a read finds nothing to read yet: the read did not complete
    /// at once (.NET tries the receive before waiting for the socket), so no system call of its own.
    /// </summary>
    private sealed class ClientStream(Socket socket, OnDemandSocketConnection connection) : NetworkStream(socket, ownsSocket: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = base.ReadAsync(buffer, cancellationToken);
            if (!read.IsCompleted && Volatile.Read(ref connection._fresh) == 1)
            {
                connection.WaitingForClient();
            }
            return read;
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
