using System.Globalization;

namespace MiniOdooServer.Experiments.Matrix;

/// <summary>One way to run mini-odoo: threaded (<c>workers = 0</c>) or prefork with N workers, with or without the GIL.</summary>
internal sealed record ServerConfiguration(int Workers, bool Gil)
{
    /// <summary>A short name for tables and the chart: "threaded, gil", "prefork 2, gil", "threaded".</summary>
    public string Label =>
        (Workers == 0 ? "threaded" : "prefork " + Workers.ToString(CultureInfo.InvariantCulture)) + (Gil ? ", gil" : "");

    /// <summary>The command-line flags that select this configuration.</summary>
    public IReadOnlyList<string> Arguments =>
        Gil ? ["--workers", Workers.ToString(CultureInfo.InvariantCulture), "--gil"]
            : ["--workers", Workers.ToString(CultureInfo.InvariantCulture)];
}
