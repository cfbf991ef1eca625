namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// Lets a request give its connection's place in the worker's <see cref="ConnectionAdmission"/> back before the
/// connection ends: a prefork HTTP worker that hands a long-poll or a websocket over to the longpolling worker must
/// not count it among its connections (nor wait for it before exiting) for the minutes it lasts. A released
/// connection must not serve another request.
/// </summary>
internal interface IConnectionSlotFeature
{
    /// <summary>Gives the place back now; idempotent, and the connection's end then gives back nothing more.</summary>
    void ReleaseSlot();
}
