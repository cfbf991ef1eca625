using System.Globalization;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel;
using MiniOdooServer.ProcessModel.Scoreboards;

namespace MiniOdooServer.ScoreboardBridge;

/// <summary>
/// <c>mini-odoo status</c>: finds the running server through its pidfile and maps the scoreboard it holds
/// (<c>/proc/PID/fd/N</c>, the memfd named <see cref="Scoreboard.MemfdName"/>), then prints the same worker table
/// as SIGUSR1 writes to the log. Reading shared memory needs no port, no password and no request to a busy
/// worker; it needs the server's user (or root), as /proc does.
/// </summary>
internal static class StatusCommand
{
    public static int Run(ServerOptions options, TextWriter output, TextWriter error)
    {
        if (options.PidFile is not { } pidFile)
        {
            error.WriteLine("mini-odoo status: no pidfile: start the server with --pidfile (or pidfile in its configuration) and pass the same here");
            return ExitCodes.ConfigurationError;
        }
        int pid;
        try
        {
            pid = int.Parse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            error.WriteLine($"mini-odoo status: cannot read a pid from {pidFile}: {e.Message} (is the server running?)");
            return ExitCodes.Failure;
        }
        if (OpenScoreboard(pid) is not { } board)
        {
            error.WriteLine($"mini-odoo status: process {pid} (from {pidFile}) holds no mini-odoo scoreboard: not running, not mini-odoo, or another user's");
            return ExitCodes.Failure;
        }
        using (board)
        {
            if (board.Header.Layout != Scoreboard.Layout)
            {
                error.WriteLine($"mini-odoo status: process {pid} runs another build of mini-odoo (scoreboard layout {board.Header.Layout}, this one reads {Scoreboard.Layout}): use its own binary");
                return ExitCodes.Failure;
            }
            ScoreboardSnapshot snapshot;
            try
            {
                snapshot = board.Snapshot(new SeqlockPatience(TimeProvider.System));
            }
            catch (ScoreboardUnreadableException e)
            {
                error.WriteLine($"mini-odoo status: cannot read the scoreboard of process {pid}: {e.Message}");
                return ExitCodes.Failure;
            }
            foreach (var line in StatusTable.Lines(ScoreboardStatusSource.From(snapshot, TimeProvider.System)))
            {
                output.WriteLine(line);
            }
        }
        return ExitCodes.Success;
    }

    /// <summary>The scoreboard among the descriptors of <paramref name="pid"/>, mapped here; null when there is none or it cannot be opened.</summary>
    internal static Scoreboard? OpenScoreboard(int pid)
    {
        string[] descriptors;
        try
        {
            descriptors = Directory.GetFiles($"/proc/{pid}/fd");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        foreach (var descriptor in descriptors)
        {
            string? target;
            try
            {
                target = new FileInfo(descriptor).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (target is null || !target.StartsWith($"/memfd:{Scoreboard.MemfdName}", StringComparison.Ordinal))
            {
                continue;
            }
            try
            {
                // Opening the link gives this process its own descriptor of the same memory; the board owns it.
                var handle = File.OpenHandle(descriptor, FileMode.Open, FileAccess.ReadWrite);
                var fd = (int)handle.DangerousGetHandle();
                handle.SetHandleAsInvalid();
                return Scoreboard.Attach(fd);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
        return null;
    }
}
