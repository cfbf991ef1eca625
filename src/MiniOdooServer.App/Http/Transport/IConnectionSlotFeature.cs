namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// Lets a request give its connection's admission slot back before the connection ends: a prefork HTTP worker that
/// hands a long-poll or a websocket over to the longpolling worker must not stay "busy" for the minutes it lasts.
/// A released connection no longer counts toward the worker's drain either; it must not serve another request.
/// </summary>
internal interface IConnectionSlotFeature
{
    /// <summary>Frees the slot now; idempotent, and the connection's end then frees nothing more.</summary>
    void ReleaseSlot();
}
