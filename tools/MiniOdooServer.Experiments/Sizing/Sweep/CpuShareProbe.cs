using System.Diagnostics;

namespace MiniOdooServer.Experiments.Sizing.Sweep;

/// <summary>
/// How many cores this machine gives right now: one spinning thread per core for a moment, their CPU seconds over the
/// wall seconds. On a machine busy with other work it is well under the core count, and a replay there measures the
/// other work as much as the server.
/// </summary>
internal static class CpuShareProbe
{
    /// <summary>Below this share of its cores the machine cannot confirm a size: the answer says so.</summary>
    public const double Enough = 0.8;

    public static double Measure(int threads, TimeSpan duration)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var spinners = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            var spinning = Stopwatch.StartNew();
            while (spinning.Elapsed < duration)
            {
                Thread.SpinWait(1000);
            }
        }) { IsBackground = true }).ToArray();
        foreach (var spinner in spinners)
        {
            spinner.Start();
        }
        foreach (var spinner in spinners)
        {
            spinner.Join();
        }
        process.Refresh();
        return (process.TotalProcessorTime - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds;
    }
}
