using System.Net.Sockets;
using System.Runtime.InteropServices;
using static MiniOdooServer.App.Http.Transport.ListenerEpoll;

namespace MiniOdooServer.App.Http.Transport;

/// <summary>What one accept turn of an <see cref="ExclusiveAcceptor"/> produced: a connection, an error that leaves it
/// queued (too many open files…), or neither (called off).</summary>
internal readonly record struct AcceptOutcome(Socket? Socket, SocketError Error)
{
    public static readonly AcceptOutcome CalledOff = new(null, SocketError.Success);

    public bool Accepted => Socket is not null;
}

/// <summary>
/// Accepts from a listening socket shared with other processes so that a connection wakes one waiting worker, not
/// all of them. .NET's socket engine waits for a listening socket in its process-wide epoll (edge-triggered, without
/// EPOLLEXCLUSIVE): every idle worker then wakes for every connection, and all but one fail their accept4. Here a
/// turn first tries a non-blocking accept on the caller's thread (under load a connection is queued: no wait); only
/// when the queue is empty does a thread wait in an epoll instance of this worker's own, where the listening socket
/// is registered with EPOLLEXCLUSIVE — the kernel wakes one waiting instance per connection, and an instance with no
/// thread in epoll_wait (a busy worker) is skipped. An eventfd in the same instance wakes the wait when the turn is
/// called off (the slot was taken) or the worker stops: a blocked accept4 could not be interrupted without
/// shutdown(2), which would stop every process sharing the socket.
/// The wait runs on a thread-pool thread, queued to the thread that asked (it runs once that thread's work item is
/// done), not on a thread of its own: Kestrel queues each accepted connection to the pool, and the thread that woke
/// with it then serves it, where a dedicated thread would hand every connection over — two sleeps and two wake-ups
/// per request instead of one (bench/results/worker-scaling). The pool keeps one thread more than the one parked here.
/// The accept itself is the listening <see cref="Socket"/>'s: the connection's socket then comes with its family,
/// type, peer and (for a listener bound to one address) local address known, where a socket made from a bare
/// descriptor asks the kernel for each — eight system calls per connection.
/// </summary>
internal sealed class ExclusiveAcceptor : IDisposable
{
    private const ulong ListenerKey = 1;
    private const ulong WakeKey = 2;

    private readonly Socket _listener;
    private readonly int _epollFd;
    private readonly int _wakeFd;
    private readonly PendingWait _wait;
    private readonly object _lock = new();
    private TaskCompletionSource<AcceptOutcome>? _pending;
    private long _pendingTurn;
    private long _calledOffTurn;
    private bool _stopped;
    private bool _disposed;

    /// <summary>A thread is between its check of <see cref="_stopped"/> and leaving epoll_wait: the descriptors stay open.</summary>
    private bool _waiting;

    private long _wakeups;
    private long _lostRaces;
    private int _waitingThreadId;

    public ExclusiveAcceptor(Socket listener)
    {
        _listener = listener;
        _wait = new PendingWait(this);
        // The descriptor is shared with the master and the other workers: non-blocking is what they all want (.NET's
        // sockets set it too), and an accept that finds the queue empty must return rather than hold the thread.
        listener.Blocking = false;
        var listenFd = (int)listener.SafeHandle.DangerousGetHandle();
        _epollFd = epoll_create1(EPOLL_CLOEXEC);
        if (_epollFd < 0)
        {
            throw Failure("epoll_create1");
        }
        _wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (_wakeFd < 0)
        {
            close(_epollFd);
            throw Failure("eventfd");
        }
        var readable = new EpollEvent { Events = EPOLLIN | EPOLLEXCLUSIVE, Data = ListenerKey };
        var wake = new EpollEvent { Events = EPOLLIN, Data = WakeKey };
        if (epoll_ctl(_epollFd, EPOLL_CTL_ADD, listenFd, ref readable) < 0 || epoll_ctl(_epollFd, EPOLL_CTL_ADD, _wakeFd, ref wake) < 0)
        {
            var e = Failure("epoll_ctl");
            close(_wakeFd);
            close(_epollFd);
            throw e;
        }
        // One pool thread may be parked in the wait: on one core the pool's minimum would leave none for the rest
        // (timers, slow clients' reads) until its starvation detection added one, half a second later.
        ThreadPool.GetMinThreads(out var workers, out var completions);
        if (workers < 2)
        {
            ThreadPool.SetMinThreads(2, completions);
        }
    }

    /// <summary>The kernel id of the thread in the wait, 0 between waits (for tests: /proc names the call it is blocked in).</summary>
    public int WaitingThreadId => Volatile.Read(ref _waitingThreadId);

    /// <summary>epoll_wait returns of the waiting thread (for tests and benchmarks).</summary>
    public long Wakeups => Interlocked.Read(ref _wakeups);

    /// <summary>Wake-ups whose accept4 found the queue empty: another process took the connection.</summary>
    public long LostRaces => Interlocked.Read(ref _lostRaces);

    /// <summary>
    /// Accepts one connection for <paramref name="turn"/>: its socket, an error (EMFILE…: the connection stays
    /// queued), or <see cref="AcceptOutcome.CalledOff"/> once <see cref="CallOff"/> named this turn or a later one, or
    /// after <see cref="Stop"/>. One turn at a time.
    /// </summary>
    public ValueTask<AcceptOutcome> AcceptAsync(long turn)
    {
        TaskCompletionSource<AcceptOutcome> pending;
        lock (_lock)
        {
            if (_stopped || _calledOffTurn >= turn)
            {
                return ValueTask.FromResult(AcceptOutcome.CalledOff);
            }
        }
        // poll(2) first: a failed accept would cost an exception, and an empty queue is the common case of an idle worker.
        if (_listener.Poll(0, SelectMode.SelectRead) && TryAccept() is { } outcome)
        {
            return ValueTask.FromResult(outcome);
        }
        lock (_lock)
        {
            if (_stopped || _calledOffTurn >= turn)
            {
                return ValueTask.FromResult(AcceptOutcome.CalledOff);
            }
            // Continuations run on the waiting thread: Kestrel's accept loop only queues the connection and asks again,
            // and the thread goes back to the pool, where the connection is waiting for it.
            _pending = pending = new TaskCompletionSource<AcceptOutcome>(TaskCreationOptions.None);
            _pendingTurn = turn;
        }
        // Local: the asking thread runs the wait once it is done with what it is doing (ending the last connection).
        ThreadPool.UnsafeQueueUserWorkItem(_wait, preferLocal: true);
        return new ValueTask<AcceptOutcome>(pending.Task);
    }

    /// <summary>The turn (and every earlier one) is over: a waiting accept returns <see cref="AcceptOutcome.CalledOff"/>.</summary>
    public void CallOff(long turn)
    {
        lock (_lock)
        {
            _calledOffTurn = Math.Max(_calledOffTurn, turn);
            if (_pending is null || _pendingTurn > turn)
            {
                return;
            }
        }
        Wake();
    }

    /// <summary>No more accepts: the waiting one and every later one are called off. Idempotent.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
        }
        Wake();
    }

    /// <summary>A non-blocking accept: null when the queue is empty (or a queued client left: look again later).</summary>
    private AcceptOutcome? TryAccept()
    {
        while (true)
        {
            try
            {
                return new AcceptOutcome(_listener.Accept(), SocketError.Success);
            }
            catch (SocketException e)
            {
                switch (e.SocketErrorCode)
                {
                    case SocketError.Interrupted:
                    case SocketError.ConnectionAborted:
                    case SocketError.ConnectionReset:
                    case SocketError.AccessDenied:
                        // Interrupted, or the client gave up while queued (Linux may report a network error of the
                        // connection here, EPERM from a firewall): the next one may be there.
                        continue;
                    case SocketError.WouldBlock:
                        return null;
                    default:
                        return new AcceptOutcome(null, e.SocketErrorCode);
                }
            }
            catch (ObjectDisposedException)
            {
                return AcceptOutcome.CalledOff;
            }
        }
    }

    /// <summary>The queued wait: accepts for the pending turn (or learns it was called off) and completes it.</summary>
    private unsafe void WaitForPending()
    {
        TaskCompletionSource<AcceptOutcome> pending;
        long turn;
        lock (_lock)
        {
            if (_pending is null)
            {
                return;
            }
            pending = _pending;
            turn = _pendingTurn;
            if (_stopped)
            {
                _pending = null;
                pending.TrySetResult(AcceptOutcome.CalledOff);
                return;
            }
            _waiting = true;
        }
        var events = stackalloc EpollEvent[2];
        Volatile.Write(ref _waitingThreadId, gettid());
        var outcome = WaitAndAccept(events, turn);
        Volatile.Write(ref _waitingThreadId, 0);
        lock (_lock)
        {
            _pending = null;
            _waiting = false;
            Monitor.PulseAll(_lock);
        }
        pending.TrySetResult(outcome);
    }

    private unsafe AcceptOutcome WaitAndAccept(EpollEvent* events, long turn)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_stopped || _calledOffTurn >= turn)
                {
                    return AcceptOutcome.CalledOff;
                }
            }
            var count = epoll_wait(_epollFd, events, 2, -1);
            if (count < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR)
                {
                    continue;
                }
                return new AcceptOutcome(null, SocketError.SocketError);
            }
            Interlocked.Increment(ref _wakeups);
            var readable = false;
            for (var i = 0; i < count; i++)
            {
                if (events[i].Data == WakeKey)
                {
                    ulong drained;
                    _ = read(_wakeFd, &drained, sizeof(ulong));
                }
                else
                {
                    readable = true;
                }
            }
            if (!readable)
            {
                continue;
            }
            if (TryAccept() is { } outcome)
            {
                return outcome;
            }
            Interlocked.Increment(ref _lostRaces);
        }
    }

    private unsafe void Wake()
    {
        ulong one = 1;
        _ = write(_wakeFd, &one, sizeof(ulong));
    }

    private static InvalidOperationException Failure(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new InvalidOperationException($"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }

    /// <summary>Stops, waits for a wait under way to leave epoll_wait, then closes this worker's epoll instance and eventfd.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
        }
        Stop();
        lock (_lock)
        {
            // Woken by Stop, it cannot stay; if it somehow did, leave the descriptors open rather than close them under it.
            if (_waiting && !Monitor.Wait(_lock, TimeSpan.FromSeconds(5)))
            {
                return;
            }
        }
        close(_wakeFd);
        close(_epollFd);
    }

    private sealed class PendingWait(ExclusiveAcceptor acceptor) : IThreadPoolWorkItem
    {
        public void Execute() => acceptor.WaitForPending();
    }
}
