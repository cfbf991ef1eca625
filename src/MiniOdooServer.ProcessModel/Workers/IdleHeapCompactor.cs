using System.Runtime;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// A worker's heap after a burst — for the longpolling worker, thousands of websockets connecting at once: what the
/// burst left survived into the older generations, and then the process goes quiet — idle connections allocate
/// nothing, so no collection ever runs and the resident memory stays at its peak. Checked on a timer's tick: when the
/// resident memory grew by <see cref="Growth"/> since the last compaction and the last tick allocated less than
/// <see cref="QuietAllocation"/>, one aggressive compacting collection gives the garbage back to the system.
/// It never runs while the process is busy, and at most once per growth step.
/// </summary>
public sealed class IdleHeapCompactor(Func<long> residentMemory, Func<long> allocatedBytes, Action compact, long growth = IdleHeapCompactor.Growth)
{
    public const long Growth = 32L << 20;
    public const long QuietAllocation = 1L << 20;

    private long _baseline = residentMemory();
    private long _allocatedAtLastTick = allocatedBytes();

    public static IdleHeapCompactor ForCurrentProcess(Func<long> residentMemory, long growth = Growth) =>
        new(residentMemory, () => GC.GetTotalAllocatedBytes(), () =>
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }, growth);

    /// <summary>Called on each watchdog tick; true when it compacted.</summary>
    public bool Tick()
    {
        var allocated = allocatedBytes();
        var quiet = allocated - _allocatedAtLastTick < QuietAllocation;
        _allocatedAtLastTick = allocated;
        var rss = residentMemory();
        if (rss < _baseline)
        {
            _baseline = rss; // connections left: grow from the new low
        }
        if (!quiet || rss - _baseline < growth)
        {
            return false;
        }
        compact();
        _allocatedAtLastTick = allocatedBytes();
        _baseline = residentMemory();
        return true;
    }
}
