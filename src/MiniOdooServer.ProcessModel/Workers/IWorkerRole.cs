namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// What one kind of worker adds to the lifecycle every worker shares (<see cref="WorkerLifecycle"/>), as gunicorn's
/// worker classes supply <c>run()</c> to its <c>Worker.init_process()</c>. The lifecycle calls the hooks in this
/// order: <see cref="Prepare"/>, <see cref="StartAsync"/>, <see cref="ServeAsync"/>, <see cref="DrainAsync"/>;
/// <see cref="StopAccepting"/> whenever the worker is asked to stop or retires.
/// </summary>
public interface IWorkerRole : IAsyncDisposable
{
    WorkerKind Kind { get; }

    /// <summary>Named in the log when the listening socket is missing; null for a worker that serves no socket.</summary>
    string? SocketUser { get; }

    /// <summary>Builds what the worker serves with; an exception here ends the process as any unexpected error.</summary>
    void Prepare(WorkerContext worker);

    /// <summary>Starts serving; an exception here is a boot failure (the master backs off).</summary>
    Task StartAsync();

    /// <summary>Serves until <see cref="WorkerContext.Leaving"/>.</summary>
    Task ServeAsync(WorkerContext worker);

    /// <summary>Takes no new work from now on. Called from a signal handler, perhaps more than once: quick and idempotent.</summary>
    void StopAccepting();

    /// <summary>After serving: finishes the work already taken.</summary>
    Task DrainAsync();
}
