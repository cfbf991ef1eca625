namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>What a worker says it is doing in its scoreboard slot.</summary>
public enum WorkerSlotState
{
    Free = 0,
    Booting = 1,
    Idle = 2,
    Busy = 3,
    Exiting = 4,
}
