namespace MiniOdooServer.App.Status;

/// <summary>
/// Where the application reads the server's status: the executable implements it over the shared scoreboard in
/// prefork mode and over the process's own in threaded mode. The application knows nothing of processes.
/// </summary>
public interface IServerStatusSource
{
    ServerStatus Read();
}
