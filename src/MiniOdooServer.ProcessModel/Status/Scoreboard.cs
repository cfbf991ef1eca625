using System.Runtime.InteropServices;
using MiniOdooServer.ProcessModel.Native;

namespace MiniOdooServer.ProcessModel.Status;

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

    private static readonly nuint Length = (nuint)(Capacity * WorkerSlot.Size);

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

    /// <summary>Creates the scoreboard of a master, zeroed (every slot free). Its descriptor is inheritable.</summary>
    public static Scoreboard Create()
    {
        // No MFD_CLOEXEC: the workers started by executing this program again must inherit it.
        var fd = LibC.memfd_create("mini-odoo-scoreboard", 0);
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
        return new Scoreboard(fd);
    }

    /// <summary>Maps the scoreboard a worker inherited from its master.</summary>
    public static Scoreboard Attach(int fd) => new(fd);

    public WorkerSlot this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return new WorkerSlot(_memory + (long)index * WorkerSlot.Size);
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

    /// <summary>The master is done with a worker that exited: its slot is cleared and reused.</summary>
    public void Release(int index)
    {
        this[index].Clear();
        _claimed[index] = false;
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
