namespace MiniOdooServer.App.Monitoring;

/// <summary>
/// <see cref="IServerStatusSource.Read"/> could not read the status in time (the process holding it is stopped
/// mid-write); the message says why, and the status routes answer 503 with it.
/// </summary>
public sealed class ServerStatusUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
