using MiniOdooServer.App.Modules.Bench;

namespace MiniOdooServer.Tests.App.Bench;

public sealed class CpuCalibrationTests
{
    [Fact]
    public void TheFastestRoundSetsTheUnitBecauseBeingDescheduledOnlySlowsARoundDown()
    {
        var calibration = CpuCalibration.FromRounds(
        [
            new CalibrationRound(200_000, TimeSpan.FromMilliseconds(2)),   // 100 000 / ms
            new CalibrationRound(200_000, TimeSpan.FromMilliseconds(8)),   // preempted: 25 000 / ms
            new CalibrationRound(300_000, TimeSpan.FromMilliseconds(2.5)), // 120 000 / ms
        ]);

        Assert.Equal(120_000, calibration.IterationsPerMillisecond);
    }

    [Fact]
    public void RoundsThatMeasuredNothingAreRefused()
    {
        Assert.Throws<ArgumentException>(() => CpuCalibration.FromRounds([]));
        Assert.Throws<ArgumentException>(() => CpuCalibration.FromRounds([new CalibrationRound(0, TimeSpan.FromMilliseconds(1))]));
    }

    [Fact]
    public void MeasuringThisMachineGivesAPlausibleUnitInAboutFiftyMilliseconds()
    {
        var started = DateTime.UtcNow;
        var calibration = CpuCalibration.Measure();
        var took = DateTime.UtcNow - started;

        // Any machine this runs on does between 1 000 and 100 000 000 xorshift steps per millisecond.
        Assert.InRange(calibration.IterationsPerMillisecond, 1_000, 100_000_000);
        Assert.InRange(took, TimeSpan.FromMilliseconds(45), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void TheSpinLoopIsDeterministic()
    {
        Assert.Equal(CpuCalibration.Spin(42, 10_000), CpuCalibration.Spin(42, 10_000));
        Assert.NotEqual(CpuCalibration.Spin(42, 10_000), CpuCalibration.Spin(42, 10_001));
    }
}
