namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// Where the master records what happens to its workers for people to see (status page, /metrics, the worker
/// table): starts, recycles, kills, exits. Kept out of <see cref="PreforkMaster"/>'s rules: it only listens.
/// </summary>
public interface ISupervisionJournal
{
    void Started(WorkerHandle worker);

    /// <summary>The worker retires after its request: by itself (limit_request, memory) or told (reload, SIGTTOU, stop).</summary>
    void Recycling(WorkerHandle worker, string reason);

    void Killed(WorkerHandle worker, string reason);

    /// <summary>Called before the worker's slot is released. <paramref name="unexpected"/>: nobody asked it to go.</summary>
    void Exited(WorkerHandle worker, int exitCode, bool unexpected);

    /// <summary>Who held the worker's slot before it and why it left, for the table; null when nobody did.</summary>
    string? LastExitInSlot(WorkerHandle worker);
}

/// <summary>Records nothing (the master's rules tested alone).</summary>
public sealed class NoSupervisionJournal : ISupervisionJournal
{
    public static NoSupervisionJournal Instance { get; } = new();

    public void Started(WorkerHandle worker)
    {
    }

    public void Recycling(WorkerHandle worker, string reason)
    {
    }

    public void Killed(WorkerHandle worker, string reason)
    {
    }

    public void Exited(WorkerHandle worker, int exitCode, bool unexpected)
    {
    }

    public string? LastExitInSlot(WorkerHandle worker) => null;
}
