using System.Runtime.InteropServices;
using MiniOdooServer.ProcessModel.Native;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>
/// A table in shared memory, one <see cref="WorkerSlot"/> per worker, mapped by the master and every worker (Apache's
/// scoreboard). A worker records what it does with a few memory writes — no message, no system call, no wake-up of
/// the master per request — and any process reads every slot: the master's watchdog on each tick, a status page
/// served by whichever worker. The memory is a memfd the master creates and its workers inherit (like the listening
/// socket), so there is no file to clean up and it vanishes with the last process.
/// </summary>
public sealed unsafe class Scoreboard : IDisposable
{
    /// <summary>Slots for every worker of two generations at once (a reload) of any sane configuration.</summary>
    public const int Capacity = 1024;

    private static readonly nuint Length = (nuint)(ScoreboardHeader.Size + Capacity * WorkerSlot.Size);

    private readonly byte* _memory;
    private readonly bool[] _claimed = new bool[Capacity];
    private int _disposed;

    private Scoreboard(int fd)
    {
        var memory = LibC.mmap(IntPtr.Zero, Length, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0);
        if (memory == LibC.MAP_FAILED)
        {
            throw new IOException($"cannot map the scoreboard (fd {fd}): {Marshal.GetLastPInvokeErrorMessage()}");
        }
        _memory = (byte*)memory;
        Fd = fd;
    }

    /// <summary>The descriptor a worker inherits to map the same memory.</summary>
    public int Fd { get; }

    /// <summary>The name <c>mini-odoo status</c> looks for among a server's descriptors.</summary>
    public const string MemfdName = "mini-odoo-scoreboard";

    /// <summary>Changes whenever the header or slot layout does, so that `mini-odoo status` of another build refuses to misread it.</summary>
    public const int Layout = 2;

    /// <summary>
    /// Creates the scoreboard of a master, zeroed (every slot free). Its descriptor is closed on exec: a master lets
    /// its workers inherit it while it starts them (<see cref="InheritableDescriptors"/>), and nothing else.
    /// </summary>
    public static Scoreboard Create()
    {
        var fd = LibC.memfd_create(MemfdName, LibC.MFD_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"cannot create the scoreboard: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        if (LibC.ftruncate(fd, (long)Length) != 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            LibC.close(fd);
            throw new IOException($"cannot size the scoreboard: {error}");
        }
        var board = new Scoreboard(fd);
        board.Header.SetServerPid(Environment.ProcessId);
        board.Header.SetLayout(Layout);
        return board;
    }

    /// <summary>Maps the scoreboard a worker inherited from its master (or one opened through /proc/PID/fd).</summary>
    public static Scoreboard Attach(int fd) => new(fd);

    /// <summary>The master's counters, events and sampled listen queues.</summary>
    public ScoreboardHeader Header
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return new ScoreboardHeader(_memory);
        }
    }

    public WorkerSlot this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return new WorkerSlot(_memory + ScoreboardHeader.Size + (long)index * WorkerSlot.Size);
        }
    }

    /// <summary>Every slot in use, as read now (from any process).</summary>
    public IEnumerable<(int Index, WorkerActivity Activity)> ReadAll()
    {
        for (var index = 0; index < Capacity; index++)
        {
            var activity = this[index].Read();
            if (activity.State != WorkerSlotState.Free)
            {
                yield return (index, activity);
            }
        }
    }

    /// <summary>The master's allocation: a free slot for a worker about to start, or null when all are taken.</summary>
    public int? Claim()
    {
        var index = Array.IndexOf(_claimed, false);
        if (index < 0)
        {
            return null;
        }
        _claimed[index] = true;
        this[index].Clear();
        return index;
    }

    /// <summary>
    /// The master is done with a worker that exited (it cannot write any more): its counters are folded into the
    /// retired block and the slot is cleared for reuse, in one write of the header's sequence, so that a reader
    /// summing retired + live counters sees them in exactly one place.
    /// </summary>
    public void Release(int index)
    {
        var header = Header;
        var slot = this[index];
        header.BeginWrite();
        slot.Counters.AddTo(header.Retired);
        slot.Clear();
        header.EndWrite();
        _claimed[index] = false;
    }

    /// <summary>The master writes its header (counters, events, a previous-occupant note) through this, one change at a time.</summary>
    public void WriteHeader(Action<ScoreboardHeader> change)
    {
        var header = Header;
        header.BeginWrite();
        try
        {
            change(header);
        }
        finally
        {
            header.EndWrite();
        }
    }

    /// <summary>
    /// Everything, read consistently with the master's writes (retried while one is under way, within the default
    /// <see cref="SeqlockPatience"/>). Throws <see cref="ScoreboardUnreadableException"/> when a write never ends.
    /// </summary>
    public ScoreboardSnapshot Snapshot() => Snapshot(new SeqlockPatience(TimeProvider.System));

    /// <summary>Everything, read consistently, retrying no longer than <paramref name="patience"/> allows.</summary>
    public ScoreboardSnapshot Snapshot(SeqlockPatience patience)
    {
        var header = Header;
        while (true)
        {
            var before = header.Sequence;
            if ((before & 1) == 0 && ReadSnapshot(header, patience) is { } snapshot)
            {
                Interlocked.MemoryBarrier();
                if (header.Sequence == before)
                {
                    return snapshot;
                }
            }
            if (!patience.Retry())
            {
                throw new ScoreboardUnreadableException(
                    $"the scoreboard stayed in the middle of a write for {patience.Elapsed.TotalMilliseconds:0} ms ({patience.Retries} retries): " +
                    $"its writer (the server process {header.ServerPid}, or a worker) is stopped or hung (SIGSTOP, a debugger?)");
            }
        }
    }

    /// <summary>One attempt; null when a slot stayed mid-write (the caller retries or gives up, patience decides).</summary>
    private ScoreboardSnapshot? ReadSnapshot(ScoreboardHeader header, SeqlockPatience patience)
    {
        var retired = new RequestTotals();
        header.Retired.AddTo(retired);
        var totals = new RequestTotals();
        header.Retired.AddTo(totals);
        var slots = new List<SlotSnapshot>();
        for (var index = 0; index < Capacity; index++)
        {
            var slot = this[index];
            if (!slot.TryRead(patience, out var activity))
            {
                return null;
            }
            if (activity.State == WorkerSlotState.Free)
            {
                continue;
            }
            var counters = new RequestTotals();
            slot.Counters.AddTo(counters);
            slot.Counters.AddTo(totals);
            slots.Add(new SlotSnapshot(index, activity, counters, slot.Connections, slot.ReadPrevious()));
        }
        var recycles = new List<ReasonCount>();
        var kills = new List<ReasonCount>();
        var crashes = new List<KindCount>();
        var respawns = new List<KindCount>();
        foreach (var kind in Enum.GetValues<WorkerKind>())
        {
            foreach (var reason in Enum.GetValues<ExitReason>())
            {
                if (header.Recycles(kind, reason) is > 0 and var recycled)
                {
                    recycles.Add(new ReasonCount(kind, reason, recycled));
                }
                if (header.Kills(kind, reason) is > 0 and var killed)
                {
                    kills.Add(new ReasonCount(kind, reason, killed));
                }
            }
            crashes.Add(new KindCount(kind, header.Crashes(kind)));
            respawns.Add(new KindCount(kind, header.Respawns(kind)));
        }
        return new ScoreboardSnapshot(
            header.ServerPid,
            slots, retired, totals, recycles, kills, crashes, respawns, header.ReadEvents(),
            header.ReadListenQueue(gevent: false), header.ReadListenQueue(gevent: true));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            LibC.munmap((IntPtr)_memory, Length);
            LibC.close(Fd);
        }
    }
}
