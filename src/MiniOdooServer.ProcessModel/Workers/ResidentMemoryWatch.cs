namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// A worker's resident memory after each request, for limit_memory_soft and the status view, read from /proc only
/// when it may have moved: after <see cref="AllocationStep"/> of new allocations since the last read, or every
/// <see cref="RequestStep"/> requests (native memory grows without the collector's counters). A request that
/// allocates much is always followed by a read; small ones share one.
/// </summary>
public sealed class ResidentMemoryWatch(Func<long> readResident, Func<long> allocatedBytes, IDisposable? source = null) : IDisposable
{
    public const long AllocationStep = 256 << 10;
    public const int RequestStep = 16;

    private long _resident;
    private long _allocatedAtRead;

    // The first request reads.
    private int _requestsSinceRead = RequestStep - 1;

    public static ResidentMemoryWatch OfCurrentProcess()
    {
        var probe = ResidentMemoryProbe.OfCurrentProcess();
        return new ResidentMemoryWatch(probe.Read, () => GC.GetTotalAllocatedBytes(precise: false), probe);
    }

    /// <summary>The resident bytes as last read, read again now when due.</summary>
    public long AfterRequest()
    {
        var allocated = allocatedBytes();
        if (++_requestsSinceRead >= RequestStep || allocated - _allocatedAtRead >= AllocationStep)
        {
            _resident = readResident();
            _allocatedAtRead = allocated;
            _requestsSinceRead = 0;
        }
        return _resident;
    }

    public void Dispose() => source?.Dispose();
}
