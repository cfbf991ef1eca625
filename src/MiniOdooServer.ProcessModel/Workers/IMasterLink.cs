namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>A worker's tie to its master (<see cref="MasterLink"/>; tests give a fake).</summary>
public interface IMasterLink
{
    /// <summary>Sends a message; a master that is gone is not an error here.</summary>
    void Send(WorkerMessage message);

    /// <summary>Calls <paramref name="masterGone"/> once the master is gone.</summary>
    void WatchMaster(Action masterGone);
}
