using MiniOdooServer.Experiments.Matrix;

namespace MiniOdooServer.Tests.Experiments;

public sealed class ExperimentMatrixTests
{
    [Fact]
    public void ExpansionCrossesEveryDimensionWithRepeatsOutermost()
    {
        var matrix = new ExperimentMatrix(
            [new(0, false), new(2, true)], [Workload.Cpu, Workload.Io], [1, 8], Repeats: 2, Duration: TimeSpan.FromSeconds(1));

        var points = matrix.Expand();

        Assert.Equal(2 * 2 * 2 * 2, points.Count);
        Assert.Equal(points.Count, points.Distinct().Count());
        Assert.Equal(new ExperimentPoint(new(0, false), Workload.Cpu, 1, 1), points[0]);
        Assert.Equal(new ExperimentPoint(new(0, false), Workload.Cpu, 8, 1), points[1]);
        Assert.Equal(new ExperimentPoint(new(0, false), Workload.Io, 1, 1), points[2]);
        Assert.Equal(new ExperimentPoint(new(2, true), Workload.Cpu, 1, 1), points[4]);
        Assert.Equal(new ExperimentPoint(new(0, false), Workload.Cpu, 1, 2), points[8]);
        Assert.Equal(new ExperimentPoint(new(2, true), Workload.Io, 8, 2), points[^1]);
        // One server start per configuration and repeat: those points are contiguous.
        Assert.All(points.Take(4), p => Assert.Equal((new ServerConfiguration(0, false), 1), (p.Server, p.Repeat)));
        Assert.All(points.Skip(4).Take(4), p => Assert.Equal((new ServerConfiguration(2, true), 1), (p.Server, p.Repeat)));
    }

    [Fact]
    public void TheFullMatrixHasWorkers0124WithGilOffAndOnEveryWorkloadAndSeveralConcurrencies()
    {
        var full = ExperimentMatrix.Full;

        Assert.Equal([0, 1, 2, 4], full.Servers.Select(s => s.Workers).Distinct());
        Assert.All(full.Servers.GroupBy(s => s.Workers), g => Assert.Equal([false, true], g.Select(s => s.Gil).Order()));
        Assert.Equal(["cpu", "io", "mixed"], full.Workloads.Select(w => w.Name));
        Assert.True(full.Connections.Count >= 3);
        Assert.True(full.Repeats >= 2);
    }

    [Fact]
    public void TheQuickMatrixKeepsWhatBothClaimsNeedAndFitsInTwoMinutes()
    {
        var quick = ExperimentMatrix.Quick;

        Assert.Contains(new ServerConfiguration(0, true), quick.Servers);
        Assert.Contains(new ServerConfiguration(0, false), quick.Servers);
        Assert.Contains(quick.Servers, s => s.Workers == 1);
        Assert.Contains(quick.Servers, s => s.Workers >= 2);
        Assert.Equal(["cpu", "io"], quick.Workloads.Select(w => w.Name));
        Assert.True(quick.Connections.Count >= 4 && quick.Repeats >= 2);
        Assert.True(quick.Estimate(serverStart: TimeSpan.FromSeconds(1)) < TimeSpan.FromMinutes(2),
            $"estimated {quick.Estimate(TimeSpan.FromSeconds(1))}");
    }

    [Theory]
    [InlineData(0, false, "threaded", "--workers 0")]
    [InlineData(0, true, "threaded, gil", "--workers 0 --gil")]
    [InlineData(4, true, "prefork 4, gil", "--workers 4 --gil")]
    public void AConfigurationHasALabelAndItsFlags(int workers, bool gil, string label, string flags)
    {
        var configuration = new ServerConfiguration(workers, gil);

        Assert.Equal(label, configuration.Label);
        Assert.Equal(flags, string.Join(' ', configuration.Arguments));
    }

    [Fact]
    public void WorkloadsNameTheirBenchRoutes()
    {
        Assert.Equal("/bench/cpu?ms=10", Workload.Cpu.Path);
        Assert.Equal("/bench/io?ms=20", Workload.Io.Path);
        Assert.Equal("/bench/mixed?units=5&ms=20", Workload.Mixed.Path);
        Assert.Equal(50, Workload.Io.PerWorkerCeiling);
    }
}
