using MiniOdooServer.ProcessModel.Scoreboards;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// Copies the accept queues of the master's listening sockets into the scoreboard every 250 ms (the master's tick),
/// so that whichever worker answers /metrics shows them: the workers need no descriptor of the other socket.
/// A queue that grows means every HTTP worker is busy and clients wait before any code of ours runs.
/// </summary>
public sealed class ListenQueueSampler : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ListenQueueSampler(Scoreboard board, ListenSocket? http, ListenSocket? gevent)
    {
        _loop = RunAsync(board, http, gevent, _stop.Token);
    }

    /// <summary>One reading of both sockets into the board.</summary>
    public static void Sample(Scoreboard board, ListenSocket? http, ListenSocket? gevent)
    {
        if (http?.ReadQueue() is { } httpQueue)
        {
            board.Header.SetListenQueue(gevent: false, httpQueue.Depth, httpQueue.Backlog);
        }
        if (gevent?.ReadQueue() is { } geventQueue)
        {
            board.Header.SetListenQueue(gevent: true, geventQueue.Depth, geventQueue.Backlog);
        }
    }

    private static async Task RunAsync(Scoreboard board, ListenSocket? http, ListenSocket? gevent, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            do
            {
                Sample(board, http, gevent);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
