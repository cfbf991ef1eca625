namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>
/// The master's reading of one worker's slot, on each tick. A worker stopped in the middle of a slot write (SIGSTOP,
/// a debugger) must not stall the master's loop — signals, reaping and every other worker's watchdog wait on it — so
/// the read gives up after <see cref="Patience"/> and the master keeps the worker's last consistent reading.
/// </summary>
internal sealed class WatchedSlot(Scoreboard board, int index, TimeProvider time)
{
    /// <summary>Short: a real write takes nanoseconds, and the master reads every slot on every 250 ms tick.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(20);

    private WorkerActivity _last = WorkerActivity.None;

    public WorkerActivity Read()
    {
        if (board[index].TryRead(new SeqlockPatience(time, Patience, maxRetries: 200), out var activity))
        {
            _last = activity;
        }
        return _last;
    }
}
