using MiniOdooServer.Experiments.Matrix;
using MiniOdooServer.Experiments.Sizing.Replay;

namespace MiniOdooServer.Experiments.Sizing.Sweep;

/// <summary>
/// One measured configuration at one speed: the replay's figures, the server's CPU seconds over the replay, the
/// resident memory of its workers (median VmRSS, MiB), answers from processes outside the server (must be 0), and the
/// client's own CPU seconds (to show it was not the bottleneck).
/// </summary>
internal sealed record SweepPoint(
    ServerConfiguration Server,
    double Speed,
    ReplayResult Replay,
    double ServerCpuSeconds,
    double WorkerRssMiB,
    int ForeignAnswers,
    double ClientCpuSeconds)
{
    public int Workers => Server.Workers;

    /// <summary>The answered requests' mean latency split: SQL and Python as replayed, the rest waiting (queue, GIL, CPU share).</summary>
    public (double SqlMs, double PythonMs, double WaitMs) TimeSplit
    {
        get
        {
            var sent = Math.Max(1, Replay.Sent);
            var sql = Replay.SqlSeconds * 1000 / sent;
            var python = Replay.CpuSeconds * 1000 / sent;
            return (sql, python, Math.Max(0, Replay.Mean.TotalMilliseconds - sql - python));
        }
    }

    /// <summary>Holds the target: p95 at or under it, and every request answered with a 2xx by the server under test.</summary>
    public bool Holds(TimeSpan target) => Replay.Errors == 0 && ForeignAnswers == 0 && Replay.Percentile(95) <= target;
}
