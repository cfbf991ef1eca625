namespace MiniOdooServer.App.Monitoring;

/// <summary>
/// Where the application reads the server's status: the executable implements it over the shared scoreboard in
/// prefork mode and over the process's own in threaded mode. The application knows nothing of processes.
/// </summary>
public interface IServerStatusSource
{
    /// <summary>The status now; throws <see cref="ServerStatusUnavailableException"/> when it cannot be read in time.</summary>
    ServerStatus Read();
}
