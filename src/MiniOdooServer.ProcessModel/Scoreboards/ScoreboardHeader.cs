using System.Runtime.CompilerServices;
using System.Text;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>
/// The master's part of the <see cref="Scoreboard"/>, before the slots: counters of recycles, kills, crashes and
/// respawns by worker kind and reason, the retired request counters (every dead worker's, folded in), a ring of
/// recent events, and the listen queues it samples. The master loop is its only writer (the listen-queue sampler
/// writes independent aligned words outside the sequence); readers in any process retry while the sequence is odd
/// or changed, so folding a slot into the retired block and clearing it is one atomic step for them: a counter read
/// across processes never counts a request twice nor drops it.
/// </summary>
public readonly unsafe struct ScoreboardHeader
{
    public const int Size = 16384;

    /// <summary>Kinds of worker counted apart (http, cron, longpolling, threaded, and one spare).</summary>
    public const int KindCapacity = 5;

    /// <summary>Recent events kept; older ones are overwritten.</summary>
    public const int EventCapacity = 64;

    private const int SequenceOffset = 0;
    private const int HttpQueueOffset = 8;
    private const int HttpBacklogOffset = 12;
    private const int GeventQueueOffset = 16;
    private const int GeventBacklogOffset = 20;
    private const int ServerPidOffset = 24;
    private const int LayoutOffset = 28;
    private const int RecyclesOffset = 64;
    private const int KillsOffset = RecyclesOffset + KindCapacity * ExitReasons.Capacity * 8;
    private const int CrashesOffset = KillsOffset + KindCapacity * ExitReasons.Capacity * 8;
    private const int RespawnsOffset = CrashesOffset + KindCapacity * 8;
    private const int RetiredOffset = 2048;
    private const int EventCountOffset = RetiredOffset + RequestCounters.Size;
    private const int EventsOffset = EventCountOffset + 64;
    private const int EventSize = 160;
    private const int EventDetailOffset = 32;
    private const int EventDetailCapacity = EventSize - EventDetailOffset;

    private readonly byte* _header;

    internal ScoreboardHeader(byte* header)
    {
        _header = header;
    }

    /// <summary>Counters of workers that have exited.</summary>
    public RequestCounters Retired => new(_header + RetiredOffset);

    /// <summary>The process that created the board: the prefork master, or the threaded server itself.</summary>
    public int ServerPid => Volatile.Read(ref Int(ServerPidOffset));

    internal void SetServerPid(int pid) => Volatile.Write(ref Int(ServerPidOffset), pid);

    /// <summary>The layout the creator wrote (<see cref="Scoreboard.Layout"/>): another build may map it differently.</summary>
    public int Layout => Volatile.Read(ref Int(LayoutOffset));

    internal void SetLayout(int layout) => Volatile.Write(ref Int(LayoutOffset), layout);

    internal int Sequence => Volatile.Read(ref Int(SequenceOffset));

    /// <summary>Opens a master write (a seqlock, like a slot's): readers wait for it to close.</summary>
    internal void BeginWrite()
    {
        Volatile.Write(ref Int(SequenceOffset), Int(SequenceOffset) + 1);
        Interlocked.MemoryBarrier();
    }

    internal void EndWrite() => Volatile.Write(ref Int(SequenceOffset), Int(SequenceOffset) + 1);

    internal void CountRecycle(WorkerKind kind, ExitReason reason) => Long(RecyclesOffset, Cell(kind, reason))++;

    internal void CountKill(WorkerKind kind, ExitReason reason) => Long(KillsOffset, Cell(kind, reason))++;

    internal void CountCrash(WorkerKind kind) => Long(CrashesOffset, KindIndex(kind))++;

    internal void CountRespawn(WorkerKind kind) => Long(RespawnsOffset, KindIndex(kind))++;

    internal void AddEvent(DateTimeOffset at, SupervisionEventType type, WorkerKind kind, int pid, int generation, ExitReason reason, string detail)
    {
        var number = Long(EventCountOffset, 0);
        var entry = _header + EventsOffset + number % EventCapacity * EventSize;
        Unsafe.AsRef<long>(entry) = at.ToUnixTimeMilliseconds();
        Unsafe.AsRef<int>(entry + 8) = (int)type;
        Unsafe.AsRef<int>(entry + 12) = (int)kind;
        Unsafe.AsRef<int>(entry + 16) = pid;
        Unsafe.AsRef<int>(entry + 20) = generation;
        Unsafe.AsRef<int>(entry + 24) = (int)reason;
        Unsafe.AsRef<int>(entry + 28) = WorkerSlot.Encode(detail, new Span<byte>(entry + EventDetailOffset, EventDetailCapacity));
        Long(EventCountOffset, 0) = number + 1;
    }

    /// <summary>The sampler: the accept queue of a listening socket and its backlog (0 backlog: not sampled).</summary>
    public void SetListenQueue(bool gevent, int depth, int backlog)
    {
        Volatile.Write(ref Int(gevent ? GeventQueueOffset : HttpQueueOffset), depth);
        Volatile.Write(ref Int(gevent ? GeventBacklogOffset : HttpBacklogOffset), backlog);
    }

    internal ListenQueue? ReadListenQueue(bool gevent)
    {
        var backlog = Volatile.Read(ref Int(gevent ? GeventBacklogOffset : HttpBacklogOffset));
        return backlog == 0 ? null : new ListenQueue(Volatile.Read(ref Int(gevent ? GeventQueueOffset : HttpQueueOffset)), backlog);
    }

    internal long Recycles(WorkerKind kind, ExitReason reason) => Long(RecyclesOffset, Cell(kind, reason));

    internal long Kills(WorkerKind kind, ExitReason reason) => Long(KillsOffset, Cell(kind, reason));

    internal long Crashes(WorkerKind kind) => Long(CrashesOffset, KindIndex(kind));

    internal long Respawns(WorkerKind kind) => Long(RespawnsOffset, KindIndex(kind));

    /// <summary>The events still in the ring, oldest first.</summary>
    internal IReadOnlyList<SupervisionEvent> ReadEvents()
    {
        var count = Long(EventCountOffset, 0);
        var events = new List<SupervisionEvent>();
        for (var number = Math.Max(0, count - EventCapacity); number < count; number++)
        {
            var entry = _header + EventsOffset + number % EventCapacity * EventSize;
            var length = Math.Clamp(Unsafe.AsRef<int>(entry + 28), 0, EventDetailCapacity);
            events.Add(new SupervisionEvent(
                number + 1,
                DateTimeOffset.FromUnixTimeMilliseconds(Unsafe.AsRef<long>(entry)),
                (SupervisionEventType)Unsafe.AsRef<int>(entry + 8),
                (WorkerKind)Unsafe.AsRef<int>(entry + 12),
                Unsafe.AsRef<int>(entry + 16),
                Unsafe.AsRef<int>(entry + 20),
                (ExitReason)Unsafe.AsRef<int>(entry + 24),
                Encoding.UTF8.GetString(new ReadOnlySpan<byte>(entry + EventDetailOffset, length))));
        }
        return events;
    }

    private static int KindIndex(WorkerKind kind) => Math.Clamp((int)kind, 0, KindCapacity - 1);

    private static int Cell(WorkerKind kind, ExitReason reason) =>
        KindIndex(kind) * ExitReasons.Capacity + Math.Clamp((int)reason, 0, ExitReasons.Capacity - 1);

    private ref int Int(int offset) => ref Unsafe.AsRef<int>(_header + offset);

    private ref long Long(int offset, int index) => ref Unsafe.AsRef<long>(_header + offset + index * 8);
}
