namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>What the master's event ring records: the changes of population a person watching wants to see.</summary>
public enum SupervisionEventType
{
    /// <summary>A worker started to replace one that left (not a reload's new generation, not SIGTTIN).</summary>
    Respawned = 1,

    /// <summary>A worker retires after its request (limit_request, memory, reload, SIGTTOU, stop).</summary>
    Recycled = 2,

    /// <summary>The master sent SIGKILL (limit_time_real, limit_memory_hard, boot timeout, forced stop).</summary>
    Killed = 3,

    /// <summary>A worker exited without being asked (crash, killed from outside, failed to boot).</summary>
    Died = 4,
}

public static class SupervisionEventTypes
{
    public static string Label(this SupervisionEventType type) => type switch
    {
        SupervisionEventType.Respawned => "respawn",
        SupervisionEventType.Recycled => "recycle",
        SupervisionEventType.Killed => "kill",
        _ => "died",
    };
}
