using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Experiments;

/// <summary>
/// <c>sizing --quick</c> on the sample log, end to end: the runner reads the log, replays it against real mini-odoo
/// configurations and writes the report, CSV and charts to a new folder; the report's figures are those the sample's
/// generator put in. Bad input ends with one line and a non-zero exit.
/// </summary>
public sealed class SizingVerbTests
{
    /// <summary>A bound on the whole run, only so that nothing hangs (the quick sweep itself takes under 3 minutes).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task QuickSizingOfTheSampleLogReportsTheGeneratorsFiguresInANewFolder()
    {
        var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Repository.PathOf("samples", "logs", "odoo-sample.expected.json"))).RootElement;
        var folder = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-sizing-").FullName, "run");

        var outcome = await ExperimentsRunner.RunAsync(
            ["sizing", "--log", Repository.PathOf("samples", "logs", "odoo-sample.log"), "--quick", "--out", folder], Bound);

        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.Errors}\n{outcome.Output}");
        Assert.Contains("Read: ", outcome.Output);
        Assert.Contains(folder, outcome.Output);
        var report = await File.ReadAllTextAsync(Path.Combine(folder, "report.md"));
        var python = Regex.Match(report, @"Python (\d+\.\d+) s;").Groups[1].Value;
        Assert.Equal(expected.GetProperty("total_python_seconds").GetString(), python);
        var rate = double.Parse(Regex.Match(report, @"Requests/s: mean (\d+\.\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var expectedRate = expected.GetProperty("mean_rate").GetDouble();
        Assert.InRange(rate, expectedRate * 0.98, expectedRate * 1.02);
        Assert.Contains("## Answer", report);
        Assert.Matches(@"\*\*(`workers = \d+`|No prefork configuration)", report);

        var csv = await File.ReadAllLinesAsync(Path.Combine(folder, "sizing.csv"));
        Assert.Equal(1 + 4 * 2, csv.Length); // threaded + prefork 1, 2, 4, at 1× and 4×
        foreach (var chart in new[] { "p95-by-workers.png", "log-concurrency.png", "time-split.png" })
        {
            Assert.True(new FileInfo(Path.Combine(folder, chart)).Length > 1000, $"{chart} is missing or empty");
        }
    }

    [Fact]
    public async Task AMissingLogEndsWithOneLineAndANonZeroExit()
    {
        var outcome = await ExperimentsRunner.RunAsync(["sizing", "--log", "/nonexistent/odoo.log", "--quick"], Bound);

        AssertOneLineFailure(outcome, "/nonexistent/odoo.log");
    }

    [Fact]
    public async Task ALogWithoutAccessLinesEndsWithOneLineAndANonZeroExit()
    {
        var log = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-sizing-").FullName, "odoo.log");
        await File.WriteAllLinesAsync(log,
        [
            "2024-05-13 08:59:55,000 4240 INFO ? odoo: Odoo version 17.0-20240513",
            "2024-05-13 08:59:56,000 4240 INFO ? odoo.service.server: HTTP service (werkzeug) running on 0.0.0.0:8069",
        ]);

        var outcome = await ExperimentsRunner.RunAsync(["sizing", "--log", log, "--quick"], Bound);

        AssertOneLineFailure(outcome, log);
    }

    private static void AssertOneLineFailure(ExperimentsRunner.Outcome outcome, string naming)
    {
        Assert.NotEqual(0, outcome.ExitCode);
        var lines = outcome.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got: {outcome.Errors}");
        Assert.Contains(naming, lines[0]);
        Assert.DoesNotContain("   at ", outcome.Errors);
    }
}
