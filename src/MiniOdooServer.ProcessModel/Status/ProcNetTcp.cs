using System.Globalization;

namespace MiniOdooServer.ProcessModel.Status;

/// <summary>
/// The accept queue of a listening port from <c>/proc/net/tcp</c> and <c>tcp6</c>, for a process that has no
/// descriptor of its socket at hand (the threaded server: Kestrel owns it). For a LISTEN entry (state 0A) Linux
/// writes the accept queue's length as rx_queue; the backlog is not in that file, so the caller supplies it.
/// Reading the file costs a line per socket of the machine: it is read per status request, never per request.
/// </summary>
public static class ProcNetTcp
{
    private const string ListenState = "0A";

    public static int? AcceptQueueOf(int port)
    {
        int? found = null;
        foreach (var path in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            try
            {
                if (AcceptQueueIn(File.ReadLines(path), port) is { } depth)
                {
                    found = (found ?? 0) + depth;
                }
            }
            catch (IOException)
            {
                // No IPv6, or no /proc: nothing to add.
            }
        }
        return found;
    }

    /// <summary>The summed rx_queue of the LISTEN entries of <paramref name="port"/> in one file's lines; null when none.</summary>
    public static int? AcceptQueueIn(IEnumerable<string> lines, int port)
    {
        int? found = null;
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || fields[3] != ListenState)
            {
                continue;
            }
            var local = fields[1];
            var colon = local.LastIndexOf(':');
            if (colon < 0 || !int.TryParse(local.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var localPort) || localPort != port)
            {
                continue;
            }
            var queues = fields[4];
            var separator = queues.IndexOf(':', StringComparison.Ordinal);
            if (separator > 0 && int.TryParse(queues.AsSpan(separator + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rx))
            {
                found = (found ?? 0) + rx;
            }
        }
        return found;
    }
}
