using System.Text.RegularExpressions;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// The paths of the options that name files (<c>data_dir</c>, <c>logfile</c>, <c>pidfile</c>), made absolute as Odoo
/// does once it has read its options: <c>~</c> is the home folder, <c>$NAME</c> and <c>${NAME}</c> are environment
/// variables (an undefined one stays as written, as Python's <c>expandvars</c> leaves it), and a relative path is
/// taken from the current folder — once, so that workers started elsewhere read the same place.
/// </summary>
public static partial class PathOptions
{
    public static ServerOptions Normalize(ServerOptions options, Func<string, string?> environment, string home) => options with
    {
        DataDir = string.IsNullOrEmpty(options.DataDir) ? options.DataDir : Normalize(options.DataDir, environment, home),
        LogFile = options.LogFile is { Length: > 0 } log ? Normalize(log, environment, home) : options.LogFile,
        PidFile = options.PidFile is { Length: > 0 } pid ? Normalize(pid, environment, home) : options.PidFile,
    };

    internal static string Normalize(string path, Func<string, string?> environment, string home)
    {
        var expanded = Variable().Replace(path.Trim(), match =>
            environment(match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value) ?? match.Value);
        if (expanded == "~" || expanded.StartsWith("~/", StringComparison.Ordinal))
        {
            expanded = home + expanded[1..];
        }
        return Path.GetFullPath(expanded);
    }

    [GeneratedRegex(@"\$(?:\{(?<braced>[^}]+)\}|(?<plain>[A-Za-z0-9_]+))")]
    private static partial Regex Variable();
}
