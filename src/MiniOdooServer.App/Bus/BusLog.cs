using Microsoft.Extensions.Logging;

namespace MiniOdooServer.App.Bus;

/// <summary>The bus loop's log lines (Odoo's <c>Bus.loop</c> messages), shared by the dispatcher's parts.</summary>
internal static partial class BusLog
{
    [LoggerMessage(1, LogLevel.Information, "Bus.loop listening on {Store}")]
    public static partial void Listening(this ILogger log, string store);

    [LoggerMessage(2, LogLevel.Error, "Bus.loop error: {Reason}")]
    public static partial void ListenFailed(this ILogger log, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Bus.loop error, sleep and retry: {Reason}")]
    public static partial void ScanFailed(this ILogger log, string reason);

    [LoggerMessage(4, LogLevel.Information, "Bus GC: {Count} message(s) past the retention deleted")]
    public static partial void Collected(this ILogger log, int count);
}
