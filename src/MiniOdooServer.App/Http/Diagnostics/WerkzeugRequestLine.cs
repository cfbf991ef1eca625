using System.Globalization;

namespace MiniOdooServer.App.Http.Diagnostics;

/// <summary>
/// The access-log message Odoo writes through werkzeug, so that tools parsing Odoo logs read ours:
/// <c>127.0.0.1 - - [25/Nov/2026 08:00:00] "GET /web/health HTTP/1.1" 200 - 0 0.000 0.002</c>.
/// The last three fields are Odoo's perf_info: query count, query time, remaining time (seconds). mini-odoo runs no
/// SQL on the request path, so the remaining time is the whole request. The date is UTC, as all of Odoo's log.
/// </summary>
public static class WerkzeugRequestLine
{
    public static string Format(string client, DateTimeOffset when, string method, string target, string protocol, int status, double seconds) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{client} - - [{when.UtcDateTime:dd/MMM/yyyy HH:mm:ss}] \"{method} {target} {protocol}\" {status} - 0 0.000 {seconds:0.000}");
}
