using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// How many iterations of <see cref="Spin"/> take about 1 ms of one core, measured once per process. It only sizes the
/// step between two reads of the thread CPU clock (<see cref="CpuBurner"/>): the work itself is measured by that
/// clock, so a wrong figure changes how often the clock is read, never how much CPU a request burns.
/// The measure is a series of short rounds over about 50 ms of wall time; the fastest round wins, because being
/// descheduled only ever makes a round slower.
/// </summary>
internal sealed class CpuCalibration
{
    private static readonly TimeSpan MeasureFor = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RoundLength = TimeSpan.FromMilliseconds(2);
    private static readonly Lazy<CpuCalibration> Process = new(Measure, LazyThreadSafetyMode.ExecutionAndPublication);

    public CpuCalibration(long iterationsPerMillisecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterationsPerMillisecond, 1);
        IterationsPerMillisecond = iterationsPerMillisecond;
    }

    public long IterationsPerMillisecond { get; }

    /// <summary>The process's calibration, measured at the first call.</summary>
    public static CpuCalibration Current => Process.Value;

    /// <summary>True once the process's calibration has been measured.</summary>
    public static bool IsMeasured => Process.IsValueCreated;

    /// <summary>The deterministic integer loop (xorshift64): a dependency chain the compiler can neither vectorize nor skip.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static ulong Spin(ulong state, long iterations)
    {
        for (long i = 0; i < iterations; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
        }
        return state;
    }

    /// <summary>Measures this machine: rounds of about 2 ms for about 50 ms, keeping the best rate.</summary>
    public static CpuCalibration Measure()
    {
        var rounds = new List<CalibrationRound>();
        var state = 0x9E3779B97F4A7C15UL;
        var chunk = 1_000L;
        var total = Stopwatch.StartNew();
        while (total.Elapsed < MeasureFor || rounds.Count == 0)
        {
            var started = Stopwatch.GetTimestamp();
            state = Spin(state, chunk);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed < RoundLength / 4)
            {
                // Too short to measure well: grow the round before counting it.
                chunk *= 4;
                continue;
            }
            rounds.Add(new CalibrationRound(chunk, elapsed));
        }
        GC.KeepAlive(state);
        return FromRounds(rounds);
    }

    /// <summary>The calibration the fastest round gives: its iterations per millisecond.</summary>
    public static CpuCalibration FromRounds(IEnumerable<CalibrationRound> rounds)
    {
        var best = rounds
            .Where(r => r.Elapsed > TimeSpan.Zero)
            .Select(r => r.Iterations / r.Elapsed.TotalMilliseconds)
            .DefaultIfEmpty(0)
            .Max();
        if (best < 1)
        {
            throw new ArgumentException("no calibration round measured any work", nameof(rounds));
        }
        return new CpuCalibration((long)Math.Round(best));
    }
}

/// <summary>One calibration round: how many iterations took how long.</summary>
internal readonly record struct CalibrationRound(long Iterations, TimeSpan Elapsed);
