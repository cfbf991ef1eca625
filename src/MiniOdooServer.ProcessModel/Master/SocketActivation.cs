using System.Globalization;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// systemd's socket activation (sd_listen_fds): the service manager bound the ports and passes them as descriptors
/// 3, 4, … with <c>LISTEN_FDS</c> and <c>LISTEN_PID</c>; the master adopts them instead of binding, so the ports stay
/// open — and connection attempts queue — across a full restart of the service. The variables are removed once read,
/// so that the workers the master starts do not take the descriptors for theirs.
/// </summary>
public sealed class SocketActivation
{
    private const int FirstDescriptor = 3;

    private readonly List<ListenSocket> _unclaimed;

    private SocketActivation(List<ListenSocket> sockets, IReadOnlyList<string> problems)
    {
        _unclaimed = sockets;
        Problems = problems;
    }

    /// <summary>Descriptors passed that could not be used, in words.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Whether the service manager passed any socket.</summary>
    public bool Active => _unclaimed.Count > 0 || Problems.Count > 0;

    /// <summary>
    /// Reads and clears the activation variables — systemd's, or those of the master this one replaces in a binary
    /// upgrade (<see cref="UpgradeEnvironment.ListenFds"/>) — nothing when they are absent or meant for another process.
    /// </summary>
    public static SocketActivation FromEnvironment(Func<string, string?> read, Action<string> clear, int processId)
    {
        var count = read("LISTEN_FDS");
        var pid = read("LISTEN_PID");
        var handedOver = read(UpgradeEnvironment.ListenFds);
        foreach (var name in (string[])["LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", UpgradeEnvironment.ListenFds])
        {
            clear(name);
        }
        var descriptors = new List<int>();
        if (count is not null && pid == processId.ToString(CultureInfo.InvariantCulture) &&
            int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            descriptors.AddRange(Enumerable.Range(FirstDescriptor, n));
        }
        foreach (var word in (handedOver ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var fd))
            {
                descriptors.Add(fd);
            }
        }
        var sockets = new List<ListenSocket>();
        var problems = new List<string>();
        foreach (var fd in descriptors)
        {
            if (ListenSocket.Adopt(fd) is { } socket)
            {
                sockets.Add(socket);
            }
            else
            {
                problems.Add($"descriptor {fd} passed to this master is not a listening TCP socket");
            }
        }
        return new SocketActivation(sockets, problems);
    }

    /// <summary>The passed socket listening on <paramref name="port"/>, taken out of the unclaimed ones; null when none.</summary>
    public ListenSocket? Claim(int port)
    {
        var socket = _unclaimed.Find(s => s.EndPoint.Port == port);
        if (socket is not null)
        {
            _unclaimed.Remove(socket);
        }
        return socket;
    }

    /// <summary>Closes the sockets nobody claimed and names them (a socket unit listening on a port mini-odoo does not serve).</summary>
    public IReadOnlyList<string> CloseUnclaimed()
    {
        var names = _unclaimed.Select(s => s.ToString()).ToList();
        foreach (var socket in _unclaimed)
        {
            socket.Dispose();
        }
        _unclaimed.Clear();
        return names;
    }
}
