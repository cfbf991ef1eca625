using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// A connection of Kestrel's socket transport (a process serving many at once) that tells its
/// <see cref="ConnectionAdmission"/> it ended once Kestrel disposes it.
/// </summary>
internal sealed class AdmittedConnection : ConnectionContext
{
    private readonly ConnectionContext _inner;
    private readonly ConnectionAdmission _admission;
    private int _ended;

    public AdmittedConnection(ConnectionContext inner, ConnectionAdmission admission)
    {
        _inner = inner;
        _admission = admission;
    }

    public override string ConnectionId
    {
        get => _inner.ConnectionId;
        set => _inner.ConnectionId = value;
    }

    public override IFeatureCollection Features => _inner.Features;

    public override IDictionary<object, object?> Items
    {
        get => _inner.Items;
        set => _inner.Items = value;
    }

    public override IDuplexPipe Transport
    {
        get => _inner.Transport;
        set => _inner.Transport = value;
    }

    public override CancellationToken ConnectionClosed
    {
        get => _inner.ConnectionClosed;
        set => _inner.ConnectionClosed = value;
    }

    public override EndPoint? LocalEndPoint
    {
        get => _inner.LocalEndPoint;
        set => _inner.LocalEndPoint = value;
    }

    public override EndPoint? RemoteEndPoint
    {
        get => _inner.RemoteEndPoint;
        set => _inner.RemoteEndPoint = value;
    }

    public override void Abort(ConnectionAbortedException abortReason) => _inner.Abort(abortReason);

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await _inner.DisposeAsync();
        }
        finally
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                _admission.ConnectionEnded();
            }
        }
    }
}
