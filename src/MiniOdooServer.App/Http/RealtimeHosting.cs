using System.Net;

namespace MiniOdooServer.App.Http;

/// <summary>Where this process's <c>/longpolling/poll</c> and <c>/websocket</c> requests are served.</summary>
public abstract record RealtimeHosting
{
    private RealtimeHosting()
    {
    }

    /// <summary>Here: the threaded server, or the longpolling worker.</summary>
    public sealed record Local : RealtimeHosting;

    /// <summary>By the longpolling worker at <paramref name="LongPolling"/>: a prefork HTTP worker passes them on.</summary>
    public sealed record HandOver(IPEndPoint LongPolling) : RealtimeHosting;

    /// <summary>Nowhere here: a prefork HTTP worker with longpolling_handover = False refuses them, naming the port.</summary>
    public sealed record Refuse(int GeventPort) : RealtimeHosting;
}
