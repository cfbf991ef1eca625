using MiniOdooServer.Experiments.Matrix;
using MiniOdooServer.Experiments.Results;
using MiniOdooServer.Experiments.Wrk;

namespace MiniOdooServer.Tests.Experiments;

public sealed class ResultsWritingTests
{
    private static readonly ServerConfiguration Threaded = new(0, false);
    private static readonly ServerConfiguration Prefork2 = new(2, true);

    private static RunResult Run(ServerConfiguration server, Workload workload, int connections, int repeat, double rate, long errors = 0) =>
        new(new ExperimentPoint(server, workload, connections, repeat), new WrkResult((long)rate, 1, rate, 12.5, errors, 0));

    [Fact]
    public void TheCsvHasAHeaderAndOneRowPerRun()
    {
        var csv = ResultsCsv.Render([Run(Threaded, Workload.Cpu, 1, 1, 95.5), Run(Prefork2, Workload.Mixed, 16, 2, 70)]);

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ResultsCsv.Header, lines[0]);
        Assert.Equal("threaded,0,false,cpu,/bench/cpu?ms=10,1,1,95,1,95.5,12.5,0,0,,0,,", lines[1]);
        // The label holds a comma: quoted.
        Assert.Equal("\"prefork 2, gil\",2,true,mixed,/bench/mixed?units=5&ms=20,16,2,70,1,70,12.5,0,0,,0,,", lines[2]);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    public void CsvCellsAreQuotedOnlyWhenNeeded(string cell, string expected)
    {
        Assert.Equal(expected, ResultsCsv.Quote(cell));
    }

    [Fact]
    public void RepeatsAreSummarisedByTheirMedianAndFailuresAdded()
    {
        var summaries = PointSummary.From(
        [
            Run(Threaded, Workload.Io, 16, 1, 700), Run(Threaded, Workload.Io, 16, 2, 100, errors: 3), Run(Threaded, Workload.Io, 16, 3, 750),
        ]);

        var summary = Assert.Single(summaries);
        Assert.Equal(700, summary.MedianRequestsPerSecond);
        Assert.Equal(100, summary.MinRequestsPerSecond);
        Assert.Equal(750, summary.MaxRequestsPerSecond);
        Assert.Equal(3, summary.Repeats);
        Assert.Equal(3, summary.Errors);
        Assert.Equal(15, PointSummary.Median([10, 20]));
    }

    [Fact]
    public void TheMarkdownTableHasARowPerWorkloadAndServerAndAColumnPerConnectionCount()
    {
        var summaries = PointSummary.From(
        [
            Run(Threaded, Workload.Cpu, 1, 1, 95.44), Run(Threaded, Workload.Cpu, 16, 1, 180),
            Run(Prefork2, Workload.Cpu, 1, 1, 90), Run(Prefork2, Workload.Cpu, 16, 1, 1234.4, errors: 2),
        ]);

        var lines = ResultsMarkdown.RenderTable(summaries).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
        [
            "| workload | server | c=1 | c=16 |",
            "|---|---|---:|---:|",
            "| cpu (`/bench/cpu?ms=10`) | threaded | 95.4 | 180 |",
            "| cpu (`/bench/cpu?ms=10`) | prefork 2, gil | 90.0 | 1,234 (2 errors) |",
        ], lines);
    }

    [Fact]
    public void RejectedRunsAreNeverAveragedInAndTheSpreadOfRepeatsIsShown()
    {
        var rejected = Run(Threaded, Workload.Cpu, 2, 3, 1166) with { Rejection = "too fast" };
        var summaries = PointSummary.From(
        [
            Run(Threaded, Workload.Cpu, 2, 1, 90), Run(Threaded, Workload.Cpu, 2, 2, 110), rejected,
            Run(Prefork2, Workload.Cpu, 2, 1, 1166) with { Rejection = "too fast" },
        ]);

        var threaded = summaries.Single(s => s.Server == Threaded);
        Assert.Equal((100, 2, 1), (threaded.MedianRequestsPerSecond, threaded.Repeats, threaded.Rejected));
        Assert.Equal(0.2, threaded.Spread, 3);
        Assert.False(summaries.Single(s => s.Server == Prefork2).IsMeasured);
        var table = ResultsMarkdown.RenderTable(summaries);
        Assert.Contains("| threaded | 100 ±10% (1 rejected) |", table);
        Assert.Contains("| prefork 2, gil | rejected |", table);
    }

    [Fact]
    public void TheReportSaysWhenWhereAndWhetherEachClaimHolds()
    {
        var summaries = PointSummary.From([Run(Threaded, Workload.Cpu, 1, 1, 95)]);
        var context = new RunContext("quick", new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero), 2, "0.50 0.40 0.30", "0.90 0.50 0.30",
            "/bin/mini-odoo", TimeSpan.FromSeconds(1), 2)
        {
            LoadAtServerStart = [("threaded", "0.50"), ("prefork 2, gil", "1.20")],
        };

        var report = ResultsMarkdown.RenderReport(summaries, [new ClaimVerdict("X grows", true, "2×"), new ClaimVerdict("Y caps", false, "no")], context);

        Assert.Contains("- date: 2026-11-25 11:00 UTC", report);
        Assert.Contains("- machine: 2 cores, shared; load average before 0.50 0.40 0.30, after 0.90 0.50 0.30", report);
        Assert.Contains("median of 2 runs", report);
        Assert.Contains("- load average (1 min) as each server started: threaded 0.50, prefork 2, gil 1.20", report);
        Assert.Contains("| cpu (`/bench/cpu?ms=10`) | threaded | 95.0 |", report);
        Assert.Contains("- **holds**: X grows — 2×", report);
        Assert.Contains("- **does not hold**: Y caps — no", report);
        var unmeasurable = ResultsMarkdown.RenderReport(summaries, [new ClaimVerdict("Z", false, "0.4 cores", Measurable: false)], context);
        Assert.Contains("- **not measurable on this machine now**: Z — 0.4 cores", unmeasurable);
    }

    [Fact]
    public void TheChartIsAPngDrawnByScottPlot()
    {
        var path = Path.Combine(Path.GetTempPath(), $"chart-{Guid.NewGuid():N}.png");
        var summaries = PointSummary.From(
        [
            Run(Threaded, Workload.Cpu, 1, 1, 95), Run(Threaded, Workload.Cpu, 16, 1, 180),
            Run(Threaded, Workload.Io, 1, 1, 45), Run(Threaded, Workload.Io, 16, 1, 700),
        ]);
        try
        {
            ResultsChart.SavePng(summaries, path, "test");

            var bytes = File.ReadAllBytes(path);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.True(bytes.Length > 10_000);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
