using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// Which resident-memory limits bind which worker: the longpolling worker has its own (<c>limit_memory_*_gevent</c>,
/// falling back to the common ones), every other worker the common ones. The worker checks the soft limit itself and
/// retires over it; its master kills it over the hard one.
/// </summary>
public static class MemoryLimits
{
    public static long Soft(WorkerKind kind, LimitOptions limits) =>
        kind == WorkerKind.LongPolling ? limits.EffectiveMemorySoftGevent : limits.MemorySoft;

    public static long Hard(WorkerKind kind, LimitOptions limits) =>
        kind == WorkerKind.LongPolling ? limits.EffectiveMemoryHardGevent : limits.MemoryHard;
}
