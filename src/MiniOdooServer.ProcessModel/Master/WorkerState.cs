namespace MiniOdooServer.ProcessModel.Master;

/// <summary>A worker's life as the master tracks it; <see cref="WorkerHandle"/> holds the transitions.</summary>
public enum WorkerState
{
    /// <summary>Started, not accepting yet.</summary>
    Booting,

    /// <summary>Accepting, no request.</summary>
    Idle,

    /// <summary>Serving a request.</summary>
    Busy,

    /// <summary>Told to stop (or stopping by itself); no longer counted in the population.</summary>
    Retiring,

    /// <summary>Reaped: out of the roster, no transition left.</summary>
    Exited,
}
