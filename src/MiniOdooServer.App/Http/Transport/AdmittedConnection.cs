using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// A transport connection that tells its <see cref="ConnectionAdmission"/> it ended once Kestrel disposes it, or
/// earlier when a request releases its slot (<see cref="IConnectionSlotFeature"/>, found through the request's features,
/// when the admission has a capacity).
/// </summary>
internal sealed class AdmittedConnection : ConnectionContext, IConnectionSlotFeature
{
    private readonly ConnectionContext _inner;
    private readonly ConnectionAdmission _admission;
    private int _released;

    public AdmittedConnection(ConnectionContext inner, ConnectionAdmission admission)
    {
        _inner = inner;
        _admission = admission;
        if (admission.IsLimited)
        {
            // Only where a slot can be scarce: the feature is not one of the transport's own, so setting it gives
            // every connection an extra feature list, which the longpolling worker's thousands would keep.
            inner.Features.Set<IConnectionSlotFeature>(this);
        }
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

    public void ReleaseSlot()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _admission.ConnectionEnded();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await _inner.DisposeAsync();
        }
        finally
        {
            ReleaseSlot();
        }
    }
}
