using System.Globalization;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// The listen backlog every listening socket gets: <c>listen_backlog</c>, or with 0 the largest the kernel allows
/// (<c>net.core.somaxconn</c>) up to 2048 — gunicorn's default, nginx's is 511. The kernel silently cuts a larger
/// request to somaxconn, so the effective value is what is reported.
/// </summary>
public static class ListenBacklog
{
    public const int AutomaticCeiling = 2048;

    private const string SomaxconnPath = "/proc/sys/net/core/somaxconn";

    /// <summary>The backlog to listen with, and the kernel's ceiling when it could be read.</summary>
    public static (int Backlog, int? Somaxconn) Effective(int configured) => Effective(configured, ReadSomaxconn());

    internal static (int Backlog, int? Somaxconn) Effective(int configured, int? somaxconn)
    {
        var wanted = configured > 0 ? configured : AutomaticCeiling;
        return (somaxconn is > 0 and var ceiling ? Math.Min(wanted, ceiling) : wanted, somaxconn);
    }

    private static int? ReadSomaxconn()
    {
        try
        {
            return int.TryParse(File.ReadAllText(SomaxconnPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
