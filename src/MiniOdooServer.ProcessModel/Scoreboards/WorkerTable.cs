using System.Globalization;

namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>
/// The worker table as text, one formatter for every place it is shown: the log on SIGQUIT and SIGUSR1, and
/// <c>mini-odoo status</c> in a terminal. Fixed-width columns, the free-text activity last so that a long path
/// never shifts the others.
/// </summary>
public static class WorkerTable
{
    public const string ColumnHeader =
        "pid      role         gen  state     served   age(s)  rss(MB)  cpu(s)  last exit in slot          activity";

    public static IReadOnlyList<string> Lines(IEnumerable<WorkerTableRow> rows)
    {
        var lines = new List<string> { ColumnHeader };
        foreach (var row in rows)
        {
            lines.Add(Line(row));
        }
        return lines;
    }

    public static string Line(WorkerTableRow row)
    {
        var activity = row.Activity is null
            ? "-"
            : row.ActivityFor is { } elapsed ? $"{row.Activity} for {elapsed.TotalSeconds:0.0}s" : row.Activity;
        var lastExit = Cut(row.LastExit ?? "-", 26);
        return string.Create(CultureInfo.InvariantCulture,
            $"{row.Pid,-8} {row.Role,-12} {row.Generation,-4} {row.State,-9} {row.Served,-8} {row.Age.TotalSeconds,-7:0} {row.ResidentBytes / 1048576.0,-8:0.0} {row.CpuTime.TotalSeconds,-7:0.00} {lastExit,-26} {activity}");
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
