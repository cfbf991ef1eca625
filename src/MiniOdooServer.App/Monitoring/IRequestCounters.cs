namespace MiniOdooServer.App.Monitoring;

/// <summary>
/// Where the application counts what it served; the executable stores it where every process can read it.
/// Called on the request path: implementations must be a few memory writes and must not throw.
/// </summary>
public interface IRequestCounters
{
    /// <param name="module">The route module's number (<see cref="RouteModuleTag"/>), 0 when no route matched.</param>
    void RequestCompleted(int module, int statusCode, long elapsedMicroseconds);

    void BusMessagePublished();

    /// <summary>
    /// A prefork worker's complete request found the worker's slot taken and waited (it had arrived slowly on a
    /// connection the worker held while idle): the measure of how often a request waits while another worker may be free.
    /// </summary>
    void RequestQueued();
}
