using System.Diagnostics;

namespace MiniOdooServer.Experiments;

/// <summary>
/// How many cores this process can have right now: two threads spin for about a second and the CPU time they got is
/// divided by the wall time. On an idle 2-core machine that is about 2; while other programs compete it is less,
/// and a claim that needs two cores cannot be tested then.
/// </summary>
internal static class CoresAvailable
{
    public static double Measure(int threads = 2, TimeSpan? during = null)
    {
        var length = during ?? TimeSpan.FromSeconds(1);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var spinners = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            var until = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
            var x = 1UL;
            while (Stopwatch.GetTimestamp() < until)
            {
                x = x * 6364136223846793005UL + 1;
            }
            GC.KeepAlive(x);
        }) { IsBackground = true }).ToList();
        spinners.ForEach(t => t.Start());
        spinners.ForEach(t => t.Join());
        var wall = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        return (process.TotalProcessorTime - cpuBefore) / wall;
    }
}
