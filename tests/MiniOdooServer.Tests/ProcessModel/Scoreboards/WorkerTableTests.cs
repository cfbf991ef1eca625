using MiniOdooServer.ProcessModel.Scoreboards;

namespace MiniOdooServer.Tests.ProcessModel.Scoreboards;

public sealed class WorkerTableTests
{
    [Fact]
    public void ARowHasFixedColumnsAndTheActivityLast()
    {
        var line = WorkerTable.Line(new WorkerTableRow(
            4242, "http", 2, "busy", 17, TimeSpan.FromSeconds(65), 25L << 20, TimeSpan.FromSeconds(1.5),
            "4100 limit_request", "GET /web/health", TimeSpan.FromSeconds(2.25)));

        Assert.Equal(
            "4242     http         2    busy      17       65      25.0     1.50    4100 limit_request         GET /web/health for 2.3s",
            line);
        Assert.Equal(WorkerTable.ColumnHeader.IndexOf("activity", StringComparison.Ordinal), line.IndexOf("GET", StringComparison.Ordinal));
    }

    [Fact]
    public void AnIdleRowShowsDashesAndALongReasonIsCut()
    {
        var line = WorkerTable.Line(new WorkerTableRow(
            7, "longpolling", 1, "idle", 0, TimeSpan.Zero, 0, TimeSpan.Zero,
            "99 limit_time_real (120s) reached during GET /a/very/long/path", null, null));

        Assert.EndsWith(" -", line, StringComparison.Ordinal);
        Assert.Contains("99 limit_time_real (120s)…", line, StringComparison.Ordinal);
        Assert.Equal(WorkerTable.ColumnHeader.IndexOf("activity", StringComparison.Ordinal), line.Length - 1);
    }
}
