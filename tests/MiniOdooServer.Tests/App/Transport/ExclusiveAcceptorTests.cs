using System.Net;
using System.Net.Sockets;
using MiniOdooServer.App.Http.Transport;

namespace MiniOdooServer.Tests.App.Transport;

/// <summary>Two acceptors on one listening socket stand for two workers sharing the master's socket.</summary>
public sealed class ExclusiveAcceptorTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<IDisposable> _owned = [];

    public ExclusiveAcceptorTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
    }

    [Fact]
    public async Task AConnectionWakesOneWaitingWorkerAndTheOtherGetsTheNext()
    {
        var first = Acceptor();
        var second = Acceptor();
        var firstTurn = first.AcceptAsync(1).AsTask();
        var secondTurn = second.AcceptAsync(1).AsTask();
        Assert.False(firstTurn.IsCompleted || secondTurn.IsCompleted); // nothing queued: both wait
        // Both threads inside epoll_wait before the connection comes: one that gets there later finds the socket
        // readable and returns at once, as it should — that is not the wake-up this test counts.
        await Wait.UntilAsync(() => InEpollWait(first) && InEpollWait(second));

        Connect();
        var winner = await Task.WhenAny(firstTurn, secondTurn).WaitAsync(Bound);
        CloseAccepted(await winner);
        Connect();
        var other = winner == firstTurn ? secondTurn : firstTurn;
        CloseAccepted(await other.WaitAsync(Bound));

        // Each waiting turn returns from epoll_wait once and finds its connection. (The herd itself is not visible here:
        // without EPOLLEXCLUSIVE a level-triggered wait re-polls the socket and sleeps again inside epoll_wait, so the
        // loser's extra wake-up shows only as a context switch — bench/accept-herd.sh measures that.)
        Assert.Equal(0, first.LostRaces + second.LostRaces);
        Assert.Equal(1, first.Wakeups);
        Assert.Equal(1, second.Wakeups);
    }

    [Fact]
    public async Task TheThreadThatWakesWithTheConnectionGoesOnWithIt()
    {
        var acceptor = Acceptor();
        var turn = acceptor.AcceptAsync(1);
        await Wait.UntilAsync(() => InEpollWait(acceptor));
        var waiting = acceptor.WaitingThreadId;
        var continued = ContinueAsync(turn);

        Connect();

        // Kestrel queues the connection to the thread pool from this continuation: a pool thread that woke with it
        // picks it up, where a thread of the acceptor's own would hand it over.
        var (thread, fromPool) = await continued.WaitAsync(Bound);
        Assert.True(fromPool);
        Assert.Equal(waiting, thread);

        async Task<(int, bool)> ContinueAsync(ValueTask<AcceptOutcome> accepting)
        {
            CloseAccepted(await accepting.ConfigureAwait(false));
            return (ListenerEpoll.gettid(), Thread.CurrentThread.IsThreadPoolThread);
        }
    }

    [Fact]
    public void ThePoolKeepsAThreadBesideTheOneParkedInTheWait()
    {
        ThreadPool.GetMinThreads(out var workers, out var completions);
        try
        {
            // One core's default: a thread parked in the wait would leave the pool none until it detected starvation.
            Assert.True(ThreadPool.SetMinThreads(1, completions));

            Acceptor();

            ThreadPool.GetMinThreads(out var floor, out _);
            Assert.Equal(2, floor);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completions);
        }
    }

    [Fact]
    public async Task AQueuedConnectionIsTakenOnTheCallersTurnWithoutWaiting()
    {
        var acceptor = Acceptor();
        Connect();
        await WaitUntilQueuedAsync();

        var outcome = await acceptor.AcceptAsync(1);

        CloseAccepted(outcome);
        Assert.Equal(0, acceptor.Wakeups);
    }

    [Fact]
    public async Task CallingOffATurnEndsItsWaitAndRefusesItLater()
    {
        var acceptor = Acceptor();
        var waiting = acceptor.AcceptAsync(1).AsTask();

        acceptor.CallOff(1);

        Assert.Equal(AcceptOutcome.CalledOff, await waiting.WaitAsync(Bound));
        Assert.Equal(AcceptOutcome.CalledOff, await acceptor.AcceptAsync(1));
        // The next turn accepts again.
        Connect();
        CloseAccepted(await acceptor.AcceptAsync(2).AsTask().WaitAsync(Bound));
    }

    [Fact]
    public async Task StoppingEndsTheWaitAndEveryLaterTurn()
    {
        var acceptor = Acceptor();
        var waiting = acceptor.AcceptAsync(1).AsTask();

        acceptor.Stop();

        Assert.Equal(AcceptOutcome.CalledOff, await waiting.WaitAsync(Bound));
        Connect();
        Assert.Equal(AcceptOutcome.CalledOff, await acceptor.AcceptAsync(2));
    }

    private ExclusiveAcceptor Acceptor()
    {
        var acceptor = new ExclusiveAcceptor(_listener);
        _owned.Add(acceptor);
        return acceptor;
    }

    private void Connect()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _owned.Add(client);
        client.Connect(_listener.LocalEndPoint!);
    }

    /// <summary>Whether the acceptor's waiting thread is blocked in epoll_wait now (the system call /proc says it is in).</summary>
    private static bool InEpollWait(ExclusiveAcceptor acceptor)
    {
        const int EpollWait = 232, EpollPwait = 281, EpollPwait2 = 441; // x86-64
        if (acceptor.WaitingThreadId == 0)
        {
            return false;
        }
        try
        {
            var call = File.ReadAllText($"/proc/self/task/{acceptor.WaitingThreadId}/syscall").Split(' ')[0];
            return int.TryParse(call, out var number) && number is EpollWait or EpollPwait or EpollPwait2;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A connect on loopback returns once the connection is in the accept queue; poll says so too.</summary>
    private async Task WaitUntilQueuedAsync()
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!_listener.Poll(TimeSpan.FromMilliseconds(100), SelectMode.SelectRead))
        {
            timeout.Token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }

    private void CloseAccepted(AcceptOutcome outcome)
    {
        Assert.True(outcome.Accepted, $"error {outcome.Error}");
        _owned.Add(outcome.Socket!);
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
        _listener.Dispose();
    }
}
