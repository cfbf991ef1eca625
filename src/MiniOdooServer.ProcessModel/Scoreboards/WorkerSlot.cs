using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>
/// One worker's slot in the <see cref="Scoreboard"/>. Each slot has one writer at a time, which the sequence number
/// relies on: the master before it starts the worker (who it will be) and after the worker exited (clearing it), the
/// worker in between (what it is doing). The sequence number makes each update atomic for readers in other processes
/// (a seqlock: odd while a write is under way), so a reader never sees one request's start with another's path.
/// </summary>
public readonly unsafe struct WorkerSlot
{
    /// <summary>
    /// 256 bytes of activity, then the worker's <see cref="RequestCounters"/>, then the master's note of the
    /// previous occupant (the last worker of this position and why it left), which outlives <see cref="Clear"/>.
    /// </summary>
    public const int Size = 1024;

    private const int SequenceOffset = 0;
    private const int StateOffset = 4;
    private const int PidOffset = 8;
    private const int KindOffset = 12;
    private const int GenerationOffset = 16;
    private const int MethodLengthOffset = 20;
    private const int PathLengthOffset = 24;
    private const int ConnectionsOffset = 28;
    private const int StartedAtOffset = 32;
    private const int ServedOffset = 40;
    private const int RequestTimestampOffset = 48;
    private const int RequestUnixMsOffset = 56;
    private const int ResidentOffset = 64;
    private const int CpuMsOffset = 72;
    private const int MethodOffset = 80;
    private const int MethodCapacity = 16;
    private const int PathOffset = 96;
    private const int PathCapacity = 128;
    private const int HeartbeatOffset = 224;
    private const int CountersOffset = 256;
    private const int PreviousOffset = CountersOffset + RequestCounters.Size;
    private const int PreviousPidOffset = PreviousOffset;
    private const int PreviousKindOffset = PreviousOffset + 4;
    private const int PreviousGenerationOffset = PreviousOffset + 8;
    private const int PreviousReasonLengthOffset = PreviousOffset + 12;
    private const int PreviousExitedAtOffset = PreviousOffset + 16;
    private const int PreviousReasonOffset = PreviousOffset + 24;
    private const int PreviousReasonCapacity = Size - PreviousReasonOffset;

    private readonly byte* _slot;

    internal WorkerSlot(byte* slot)
    {
        _slot = slot;
    }

    /// <summary>The master, before it starts the worker that will own the slot.</summary>
    public void Assign(WorkerKind kind, int generation, DateTimeOffset startedAt)
    {
        BeginWrite();
        Int(KindOffset) = (int)kind;
        Int(GenerationOffset) = generation;
        Long(StartedAtOffset) = startedAt.ToUnixTimeMilliseconds();
        Int(StateOffset) = (int)WorkerSlotState.Booting;
        EndWrite();
    }

    /// <summary>The worker, once it accepts work.</summary>
    public void Ready(int pid)
    {
        BeginWrite();
        Int(PidOffset) = pid;
        Int(StateOffset) = (int)WorkerSlotState.Idle;
        EndWrite();
    }

    /// <summary>The worker: its state changed (retiring).</summary>
    public void SetState(WorkerSlotState state)
    {
        BeginWrite();
        Int(StateOffset) = (int)state;
        EndWrite();
    }

    /// <summary>The worker: a request began. Long paths are cut: this is a view, not a log.</summary>
    public void BeginRequest(long timestamp, DateTimeOffset startedAt, string method, string path)
    {
        BeginWrite();
        Int(StateOffset) = (int)WorkerSlotState.Busy;
        Long(RequestTimestampOffset) = timestamp;
        Long(RequestUnixMsOffset) = startedAt.ToUnixTimeMilliseconds();
        Int(MethodLengthOffset) = Encode(method, new Span<byte>(_slot + MethodOffset, MethodCapacity));
        Int(PathLengthOffset) = Encode(path, new Span<byte>(_slot + PathOffset, PathCapacity));
        EndWrite();
    }

    /// <summary>The worker: the request ended; what it has served and costs so far.</summary>
    public void EndRequest(long served, long residentBytes, TimeSpan cpuTime)
    {
        BeginWrite();
        Int(StateOffset) = (int)WorkerSlotState.Idle;
        Long(ServedOffset) = served;
        Long(RequestTimestampOffset) = 0;
        Long(RequestUnixMsOffset) = 0;
        Long(ResidentOffset) = residentBytes;
        Long(CpuMsOffset) = (long)cpuTime.TotalMilliseconds;
        EndWrite();
    }

    /// <summary>A process that records no request end of its own (the longpolling worker, the threaded server's timer): its costs now.</summary>
    public void SetUsage(long residentBytes, TimeSpan cpuTime)
    {
        BeginWrite();
        Long(ResidentOffset) = residentBytes;
        Long(CpuMsOffset) = (long)cpuTime.TotalMilliseconds;
        EndWrite();
    }

    /// <summary>
    /// The worker's heartbeat: the monotonic clock (<see cref="TimeProvider.GetTimestamp"/>) when it last showed it is
    /// alive. Written outside the sequence by its own timer (one aligned 8-byte write is atomic), so it never contends
    /// with the request path's writes.
    /// </summary>
    public void Beat(long timestamp) => Volatile.Write(ref Long(HeartbeatOffset), timestamp);

    /// <summary>Zeroes the slot's activity and counters (the master, once its worker is gone); the previous-occupant note stays.</summary>
    public void Clear()
    {
        BeginWrite();
        new Span<byte>(_slot + 4, PreviousOffset - 4).Clear();
        EndWrite();
    }

    /// <summary>The worker's request counters (written by the worker only, while it lives).</summary>
    public RequestCounters Counters => new(_slot + CountersOffset);

    /// <summary>
    /// The longpolling worker: its open connections. One aligned store outside the sequence, so a timer can
    /// publish it while requests write the rest.
    /// </summary>
    public void SetConnections(int connections) => Volatile.Write(ref Int(ConnectionsOffset), connections);

    public int Connections => Volatile.Read(ref Int(ConnectionsOffset));

    /// <summary>
    /// The master, when the worker has exited and before the slot is reused: who it was and why it left, shown
    /// beside the next occupant. The board's own sequence (not the slot's) guards it, see <see cref="Scoreboard"/>.
    /// </summary>
    public void NotePrevious(int pid, WorkerKind kind, int generation, DateTimeOffset exitedAt, string reason)
    {
        Int(PreviousPidOffset) = pid;
        Int(PreviousKindOffset) = (int)kind;
        Int(PreviousGenerationOffset) = generation;
        Long(PreviousExitedAtOffset) = exitedAt.ToUnixTimeMilliseconds();
        Int(PreviousReasonLengthOffset) = Encode(reason, new Span<byte>(_slot + PreviousReasonOffset, PreviousReasonCapacity));
    }

    /// <summary>The last worker that held this slot, or null when none has left it yet.</summary>
    public PreviousOccupant? ReadPrevious() => Int(PreviousPidOffset) == 0
        ? null
        : new PreviousOccupant(
            Int(PreviousPidOffset),
            (WorkerKind)Int(PreviousKindOffset),
            Int(PreviousGenerationOffset),
            DateTimeOffset.FromUnixTimeMilliseconds(Long(PreviousExitedAtOffset)),
            Decode(PreviousReasonOffset, PreviousReasonLengthOffset, PreviousReasonCapacity));

    /// <summary>
    /// A consistent copy, read within <paramref name="patience"/>; false when the slot stayed mid-write (its worker
    /// stopped while writing) for all of it.
    /// </summary>
    public bool TryRead(SeqlockPatience patience, out WorkerActivity activity)
    {
        while (true)
        {
            var before = Volatile.Read(ref Int(SequenceOffset));
            if ((before & 1) == 0)
            {
                activity = ReadFields();
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref Int(SequenceOffset)) == before)
                {
                    return true;
                }
            }
            if (!patience.Retry())
            {
                activity = WorkerActivity.None;
                return false;
            }
        }
    }

    /// <summary>A consistent copy, read from any process.</summary>
    public WorkerActivity Read()
    {
        var spin = new SpinWait();
        while (true)
        {
            var before = Volatile.Read(ref Int(SequenceOffset));
            if ((before & 1) == 0)
            {
                var activity = ReadFields();
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref Int(SequenceOffset)) == before)
                {
                    return activity;
                }
            }
            spin.SpinOnce();
        }
    }

    private WorkerActivity ReadFields()
    {
        var state = (WorkerSlotState)Int(StateOffset);
        if (state == WorkerSlotState.Free)
        {
            return WorkerActivity.None;
        }
        var busy = state == WorkerSlotState.Busy;
        return new WorkerActivity(
            Int(PidOffset),
            (WorkerKind)Int(KindOffset),
            Int(GenerationOffset),
            state,
            DateTimeOffset.FromUnixTimeMilliseconds(Long(StartedAtOffset)),
            Long(ServedOffset),
            busy ? Long(RequestTimestampOffset) : null,
            busy ? DateTimeOffset.FromUnixTimeMilliseconds(Long(RequestUnixMsOffset)) : null,
            busy ? Decode(MethodOffset, MethodLengthOffset, MethodCapacity) : null,
            busy ? Decode(PathOffset, PathLengthOffset, PathCapacity) : null,
            Long(ResidentOffset),
            TimeSpan.FromMilliseconds(Long(CpuMsOffset)),
            Connections,
            Volatile.Read(ref Long(HeartbeatOffset)));
    }

    internal void BeginWrite()
    {
        // Only the slot's one writer changes the sequence, so a plain write is enough; the fence keeps the field
        // writes after the odd sequence number for readers on other cores. "| 1" rather than "+ 1": a worker killed
        // in the middle of a write leaves the sequence odd, and the master's Clear after its exit must end even,
        // or the slot would read as mid-write for ever (and every later occupant's writes leave it odd too).
        Volatile.Write(ref Int(SequenceOffset), Int(SequenceOffset) | 1);
        Interlocked.MemoryBarrier();
    }

    private void EndWrite() => Volatile.Write(ref Int(SequenceOffset), Int(SequenceOffset) + 1);

    private ref int Int(int offset) => ref Unsafe.AsRef<int>(_slot + offset);

    private ref long Long(int offset) => ref Unsafe.AsRef<long>(_slot + offset);

    internal static int Encode(string text, Span<byte> destination)
    {
        Utf8.FromUtf16(text, destination, out _, out var written, replaceInvalidSequences: true, isFinalBlock: true);
        return written;
    }

    private string Decode(int offset, int lengthOffset, int capacity) =>
        Encoding.UTF8.GetString(new ReadOnlySpan<byte>(_slot + offset, Math.Clamp(Int(lengthOffset), 0, capacity)));
}
