using System.Globalization;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>The sd_notify messages mini-odoo sends, spelled in one place for the master and the threaded server.</summary>
public static class ServiceNotifications
{
    public const string Stopping = "STOPPING=1";

    public const string Watchdog = "WATCHDOG=1";

    public static string Ready(string status) => $"READY=1\nSTATUS={status}";

    public static string Status(string status) => $"STATUS={status}";

    /// <summary>RELOADING=1 with the time of the reload on CLOCK_MONOTONIC, which systemd requires with it.</summary>
    public static string Reloading(TimeProvider time) =>
        string.Create(CultureInfo.InvariantCulture, $"RELOADING=1\nMONOTONIC_USEC={(long)(time.GetTimestamp() / (double)time.TimestampFrequency * 1_000_000)}");
}
