using MiniOdooServer.App.Modules.Bench;

namespace MiniOdooServer.Tests.App.Bench;

public sealed class CpuBurnerTests
{
    [Fact]
    public void AUnitIsAFixedCountOfIterationsWhateverTheLoad()
    {
        var burner = new CpuBurner(() => new CpuCalibration(1_000));

        var result = burner.Run(7);

        Assert.Equal(7_000, result.Iterations);
        Assert.Equal(result, burner.Run(7));
    }

    [Fact]
    public void ZeroUnitsDoNothing()
    {
        var burner = new CpuBurner(() => new CpuCalibration(1_000));

        Assert.Equal(0, burner.Run(0).Iterations);
    }

    [Fact]
    public void TheCalibrationIsAskedForOnlyWhenWorkIsRun()
    {
        var asked = 0;
        var burner = new CpuBurner(() =>
        {
            asked++;
            return new CpuCalibration(10);
        });
        Assert.Equal(0, asked);

        burner.Run(1);

        Assert.Equal(1, asked);
    }

    [Fact]
    public void NegativeUnitsAreAProgrammingError()
    {
        var burner = new CpuBurner(() => new CpuCalibration(10));

        Assert.Throws<ArgumentOutOfRangeException>(() => burner.Run(-1));
    }
}
