using MiniOdooServer.Experiments.Sizing.Log;

namespace MiniOdooServer.Experiments.Sizing.Replay;

/// <summary>
/// The requests of a log window in start order, at a speed: each starts at its logged start time (finish time minus
/// its SQL and Python seconds) relative to the window's beginning, divided by the speed. The work per request is never
/// scaled: at 4× the server gets the same requests four times as densely.
/// </summary>
internal static class ReplaySchedule
{
    public static IReadOnlyList<ReplayRequest> Build(IEnumerable<AccessRecord> records, DateTime windowStart, double speed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        return
        [
            .. records
                .Select(r => (Start: r.StartUtc, Record: r))
                .OrderBy(r => r.Start)
                .Select(r => new ReplayRequest(
                    TimeSpan.FromTicks((long)(Math.Max(0, (r.Start - windowStart).Ticks) / speed)),
                    r.Record.SqlSeconds * 1000,
                    r.Record.PythonSeconds * 1000,
                    r.Record.Queries)),
        ];
    }
}
