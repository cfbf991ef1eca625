using System.Globalization;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Threaded;

/// <summary>
/// ODOO_MAX_HTTP_THREADS, as Odoo reads it: unset means no cap; a number is the cap; any other value asks for the
/// cap Odoo computes from the database pool, max((db_maxconn - max_cron_threads) / 2, 1).
/// </summary>
internal static class HttpThreadLimit
{
    public const string Variable = "ODOO_MAX_HTTP_THREADS";

    public static int? From(string? value, ServerOptions options)
    {
        if (value is null)
        {
            return null;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0)
        {
            return limit;
        }
        return Math.Max((options.Database.MaxConnections - options.MaxCronThreads) / 2, 1);
    }
}
